import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An integrator's API key. The secret itself is never stored, only its hash. */
@Entity('integrator_keys')
export class IntegratorKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** SHA-256 (hex) of the whole key; see integrator-key.secret.ts for why a fast hash is enough. */
  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  /** The first characters of the key, to recognise it in a list. */
  @Column('text')
  prefix!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
