import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An account's link to a subject at an OpenID provider: that provider signs the account in. */
@Entity('user_identities')
export class UserIdentityEntity {
  /** The provider's issuer URL: a subject is only unique at its issuer. */
  @PrimaryColumn({ type: 'text' }) issuer!: string;
  /** The provider's `sub`: stable for the person, unlike their email. */
  @PrimaryColumn({ type: 'text' }) subject!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  /** The address the provider gave when the link was made (for admins; never used to sign in). */
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_signed_in_at' }) lastSignedInAt!: Date;
}
