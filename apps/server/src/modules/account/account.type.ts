import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { User } from '../user/user.type.js';

@InputType('RequestPasswordResetInput', { description: 'The address of the account whose password was forgotten.' })
export class RequestPasswordResetInput {
  @Field(() => String, { description: 'The email address the account uses. Whether one does is not revealed.' })
  email!: string;
}

@ObjectType('RequestPasswordResetPayload', { description: 'The same answer for every well-formed address, whether or not an account has it.' })
export class RequestPasswordResetPayload {
  @Field(() => String, { description: 'The address, as read (trimmed): if an account has it, a reset link was mailed there.' })
  email!: string;
}

@InputType('ResetPasswordInput', { description: 'A reset link’s token and the new password.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The `token` parameter of the link in the reset mail.' })
  token!: string;
  @Field(() => String, { description: 'The new password: the same rules as SignUpInput.password (8..256 characters, not easy to guess).' })
  password!: string;
}

@InputType('VerifyEmailInput', { description: 'A verification link’s token.' })
export class VerifyEmailInput {
  @Field(() => String, { description: 'The `token` parameter of the link in the verification mail.' })
  token!: string;
}

@ObjectType('VerifyEmailPayload', { description: 'The account whose address was verified.' })
export class VerifyEmailPayload {
  @Field(() => User, { description: 'The account (its `email` and `emailVerified` only to itself and admins).' })
  user!: object;
}

@ObjectType('ResendVerificationEmailPayload', { description: 'The viewer after a verification link was sent again.' })
export class ResendVerificationEmailPayload {
  @Field(() => User, { description: 'The viewer.' })
  user!: object;
}

@InputType('ChangePasswordInput', { description: 'The current password and the new one.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password the account has now.' })
  currentPassword!: string;
  @Field(() => String, { description: 'The new password: the same rules as SignUpInput.password.' })
  newPassword!: string;
}

@ObjectType('ChangePasswordPayload', { description: 'What changing the password did.' })
export class ChangePasswordPayload {
  @Field(() => User, { description: 'The viewer.' })
  user!: object;
  @Field(() => Int, { description: 'How many other sessions were signed out (API tokens are kept).' })
  revokedSessionCount!: number;
}

@InputType('ChangeEmailInput', { description: 'The current password and the new address.' })
export class ChangeEmailInput {
  @Field(() => String, { description: 'The password the account has now.' })
  currentPassword!: string;
  @Field(() => String, { description: 'The address to use from now on, once confirmed from a link mailed to it.' })
  newEmail!: string;
}

@ObjectType('ChangeEmailPayload', { description: 'The viewer, with the new address waiting for confirmation (`pendingEmail`).' })
export class ChangeEmailPayload {
  @Field(() => User, { description: 'The viewer: `email` stays the old address until the new one is confirmed.' })
  user!: object;
}
