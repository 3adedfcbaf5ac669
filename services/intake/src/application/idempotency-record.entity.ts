import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A request made under an Idempotency-Key. `scope` keeps keys apart per caller: an integrator
 * key id, `technician:<id>`, or `email-gateway` (keyed by Message-ID). Not part of the read
 * model: the log does not hold request fingerprints, so a rebuild never empties this table.
 */
@Entity('idempotency_records')
export class IdempotencyRecordRow {
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('text')
  fingerprint!: string;

  @Column('uuid', { name: 'ticket_id' })
  ticketId!: string;

  /** What was answered the first time, answered again on a replay. */
  @Column('jsonb')
  response!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
