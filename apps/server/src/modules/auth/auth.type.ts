import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { User } from '../user/user.type.js';

@ObjectType('ApiToken', { implements: Node, description: 'A personal token for third-party API access. The secret is shown once.' })
export class ApiToken extends Node {
  @Field(() => ID, { description: 'The opaque global id of the token.' })
  declare id: string;
  @Field(() => String, { description: 'What the token is for.' })
  name!: string;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it stops working, if ever.' })
  expiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was revoked.' })
  revokedAt!: Date | null;
}

@InputType('SignUpInput', { description: 'A new account.' })
export class SignUpInput {
  @Field(() => String, { description: 'Unique handle: 3..30 lowercase letters, digits, _ and -.' })
  handle!: string;
  @Field(() => String, { description: 'The name shown next to their content.' })
  displayName!: string;
  @Field(() => String, { description: 'Email address (never shown to others). Whether another account has it is not revealed (see Mutation.signUp).' })
  email!: string;
  @Field(() => String, { description: '8..256 characters of anything (spaces and any Unicode; no composition rules), not only whitespace, and not easy to guess: the zxcvbn-ts estimator (common and breached passwords, words, names, keyboard patterns, and the handle, email and display name given here) must rate it at least 3 of 4. A refusal is BAD_USER_INPUT with `extensions.field` password and the estimator’s `warning` and `suggestions`.' })
  password!: string;
}

@InputType('SignInInput', { description: 'Credentials: a handle or an email, and the password.' })
export class SignInInput {
  @Field(() => String, { nullable: true, description: 'The handle or the email address.' })
  login?: string | null;
  @Field(() => String, { nullable: true, description: 'The handle (alternative to login).' })
  handle?: string | null;
  @Field(() => String, { nullable: true, description: 'The email address (alternative to login).' })
  email?: string | null;
  @Field(() => String, { description: 'The password.' })
  password!: string;
}

@ObjectType('AuthPayload', { description: 'A new session. The token is also set as an httpOnly cookie.' })
export class AuthPayload {
  @Field(() => String, { description: 'A bearer token for the Authorization header.' })
  token!: string;
  @Field(() => User, { description: 'The signed-in user.' })
  user!: object;
  @Field(() => Date, { description: 'When the session expires.' })
  expiresAt!: Date;
}

@InputType('CreateApiTokenInput', { description: 'A new API token.' })
export class CreateApiTokenInput {
  @Field(() => String, { description: 'What the token is for (1..100 characters).' })
  name!: string;
  @Field(() => Date, { nullable: true, description: 'When it stops working; never when omitted.' })
  expiresAt?: Date | null;
}

@ObjectType('CreateApiTokenPayload', { description: 'The new token and its secret, shown only this once.' })
export class CreateApiTokenPayload {
  @Field(() => ApiToken, { description: 'The token record.' })
  apiToken!: object;
  @Field(() => String, { description: 'The secret: use it as `Authorization: Bearer <token>`. Not shown again.' })
  token!: string;
}

@InputType('RevokeApiTokenInput', { description: 'Names a token to revoke.' })
export class RevokeApiTokenInput {
  @Field(() => ID, { description: 'The token.' })
  apiTokenId!: string;
}

@ObjectType('RevokeApiTokenPayload', { description: 'The revoked token.' })
export class RevokeApiTokenPayload {
  @Field(() => ApiToken, { description: 'The token, now revoked.' })
  apiToken!: object;
}
