import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { SupportLevel } from '@helpdesk/ticket-events';

/** A technician who signs in to the dashboards. The password is kept only as an argon2id hash. */
@Entity('technician_accounts')
export class TechnicianAccount {
  /** The sign-in name, and the technician's id in every event they cause. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  level!: SupportLevel;

  @Column('boolean')
  supervisor!: boolean;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;
}
