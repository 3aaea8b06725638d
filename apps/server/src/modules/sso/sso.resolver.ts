import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { OIDC_START_PATH } from './sso.paths.js';
import { SignInOptions } from './sso.type.js';

@Resolver()
export class SsoResolver {
  @Query(() => SignInOptions, { description: 'How people can sign in here: with a password (always), and through single sign-on when it is configured.' })
  signInOptions(@Ctx() ctx: Context): SignInOptions {
    const sso = ctx.services.sso;
    return {
      oidc: sso ? { label: sso.label, startUrl: OIDC_START_PATH } : null,
      staffMustUseOidc: ctx.config.ssoOnlyForStaff,
    };
  }
}
