import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RequesterMessage } from '../domain/requester-messages';
import { WebhookPayload } from '../domain/webhook-event';

export type NotificationChannel = 'email' | 'webhook';

/**
 * `pending`: due at next_attempt_at; `delivered`; `failed`: given up after the last attempt (or
 * a permanent refusal); `skipped`: the channel was off when the event was projected, and stays
 * recorded so that turning it on later never sends old news.
 */
export type NotificationStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/**
 * One message to one recipient about one event, queued in the transaction that projects the
 * event: unique on (event, channel, recipient), so a redelivered or replayed event queues
 * nothing more. Intake's own state, never emptied by a read-model rebuild.
 */
@Entity('notifications')
export class NotificationRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @Column('text')
  channel!: NotificationChannel;

  /** The email address, or the webhook's id. */
  @Column('text')
  recipient!: string;

  /** A RequesterMessage (email) or the WebhookPayload (webhook). */
  @Column('jsonb')
  payload!: RequesterMessage | WebhookPayload;

  @Column('text')
  status!: NotificationStatus;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;
}

/** One try at sending a notification: the delivery log. */
@Entity('notification_attempts')
export class NotificationAttempt {
  @PrimaryColumn('uuid', { name: 'notification_id' })
  notificationId!: string;

  @PrimaryColumn('integer')
  attempt!: number;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt!: Date;

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  @Column('text')
  outcome!: 'delivered' | 'failed';

  /** The receiver's HTTP status, or the SMTP server's reply code. */
  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;
}
