import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type Role = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';
export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'BANNED';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) handle!: string;
  @Column({ type: 'text', name: 'display_name' }) displayName!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text', name: 'password_hash', select: false }) passwordHash!: string;
  @Column({ type: 'text' }) role!: Role;
  @Column({ type: 'text' }) status!: UserStatus;
  @Column({ type: 'timestamptz', name: 'suspended_until', nullable: true }) suspendedUntil!: Date | null;
  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
