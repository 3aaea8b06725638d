/** The routes of the sign-in flow (http/oidc.ts), named by the API and by refusals. */
export const OIDC_START_PATH = '/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
