import { CombinedGraphQLErrors } from '@apollo/client';

/** Why a link from an account mail did not work (the server's `extensions.reason`). */
export type LinkProblem = 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_USED' | 'TOKEN_OTHER_ACCOUNT' | 'EMAIL_TAKEN';

const TITLES: Record<LinkProblem, string> = {
  TOKEN_INVALID: 'This link doesn’t work',
  TOKEN_EXPIRED: 'This link has expired',
  TOKEN_USED: 'This link was already used',
  TOKEN_OTHER_ACCOUNT: 'This link is for another account',
  EMAIL_TAKEN: 'This address can’t be used',
};

/** The link's problem in an error, or null when the error is about something else (a refused password, the network). */
export function linkProblem(error: unknown): { reason: LinkProblem; title: string; message: string } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  for (const e of error.errors) {
    const reason = e.extensions?.reason;
    if (typeof reason === 'string' && reason in TITLES) return { reason: reason as LinkProblem, title: TITLES[reason as LinkProblem], message: e.message };
  }
  return null;
}

/** The `token` query parameter of a link from a mail ('' when missing). */
export function tokenOf(query: Record<string, unknown>): string {
  const t = query.token;
  return typeof t === 'string' ? t.trim() : Array.isArray(t) && typeof t[0] === 'string' ? t[0].trim() : '';
}
