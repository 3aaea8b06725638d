import { Field, ObjectType } from 'type-graphql';

@ObjectType('OidcSignInOption', { description: 'Sign-in through the organisation’s OpenID Connect provider (single sign-on).' })
export class OidcSignInOption {
  @Field(() => String, { description: 'The provider’s name for the button: “Sign in with <label>”.' })
  label!: string;
  @Field(() => String, { description: 'Where a browser starts the sign-in: a path on this server (`/auth/oidc/start`); add `?redirect=<path of this site>` to come back there signed in.' })
  startUrl!: string;
}

@ObjectType('SignInOptions', { description: 'The ways to sign in that this server offers, for a sign-in page.' })
export class SignInOptions {
  @Field(() => OidcSignInOption, { nullable: true, description: 'Single sign-on through an OpenID Connect provider; null when the server has none configured.' })
  oidc!: OidcSignInOption | null;
  @Field(() => Boolean, { description: 'True when staff accounts (AGENT, MODERATOR, ADMIN) may only sign in through the provider: `signIn` refuses their password with FORBIDDEN and `extensions.reason` SSO_REQUIRED.' })
  staffMustUseOidc!: boolean;
}
