import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An integrator's webhook: where its tickets' events are POSTed. Intake's own state. */
@Entity('webhooks')
export class Webhook {
  @PrimaryColumn('uuid')
  id!: string;

  /** Only the tickets this key submitted are delivered. */
  @Column('uuid', { name: 'integrator_key_id' })
  integratorKeyId!: string;

  @Column('text')
  url!: string;

  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  /** The signing secret, encrypted (see WebhookSecretBox): HMAC needs it back in clear. */
  @Column('text', { name: 'secret_sealed' })
  secretSealed!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'removed_at', nullable: true })
  removedAt!: Date | null;
}
