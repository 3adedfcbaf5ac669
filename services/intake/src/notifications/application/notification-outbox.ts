import { Injectable } from '@nestjs/common';
import { BatchStatement, quoteIdentifier } from '@helpdesk/event-log';
import { DatabaseSettings, TicketEventContext } from '@helpdesk/event-log-nest';
import { TicketEvent } from '@helpdesk/ticket-events';
import { IntakeSettings } from '../../intake.settings';
import { requesterMessageFor } from '../domain/requester-messages';
import { TicketStanding, webhookPayloadFor } from '../domain/webhook-event';

/** The ticket as the requester's read model has it once the event is applied. */
export interface NotifiedStanding extends TicketStanding {
  readonly ticketId: string;
  readonly integratorKeyId: string | null;
  readonly requesterName: string;
  readonly requesterEmail: string;
  readonly summary: string;
}

/**
 * Queues the notifications of an event in the batch that projects it: the event is applied and
 * its notifications are queued together, or neither. One statement per batch writes them all,
 * joining each event to its integrator's webhooks as they stand in this transaction. What
 * keeps a replay from sending twice:
 * - a row per (event, channel, recipient), inserted with ON CONFLICT DO NOTHING: a redelivered
 *   event, a replayed dead letter or a read-model rebuild finds its rows already there, and
 *   the rebuild's reset leaves this table alone;
 * - events that occurred before the feature was installed (notifications_started) are never
 *   queued: the first rebuild after it does not mail every ticket's history;
 * - an email queued while email is off is recorded as skipped, and a webhook only gets events
 *   that occurred after it was registered: turning email on or adding a webhook does not turn a
 *   later rebuild into old news.
 */
@Injectable()
export class NotificationOutbox {
  private readonly emailOn: boolean;
  private readonly queue: BatchStatement;

  constructor(settings: IntakeSettings, database: DatabaseSettings) {
    this.emailOn = settings.SMTP_URL !== undefined;
    const schema = quoteIdentifier(database.DATABASE_SCHEMA);
    this.queue = {
      sql: `WITH staged AS (
              SELECT * FROM jsonb_to_recordset($1::jsonb) AS staged(
                event_id uuid, event_type text, ticket_id uuid, occurred_at timestamptz,
                integrator_key_id uuid, email_to text, email jsonb, email_status text,
                email_error text, webhook jsonb)
              WHERE occurred_at >= (SELECT started_at FROM ${schema}.notifications_started))
            INSERT INTO ${schema}.notifications
              (id, event_id, event_type, ticket_id, channel, recipient, payload, status, last_error)
            SELECT gen_random_uuid(), event_id, event_type, ticket_id, 'email', email_to, email,
                   email_status, email_error
            FROM staged WHERE email IS NOT NULL
            UNION ALL
            SELECT gen_random_uuid(), event_id, event_type, ticket_id, 'webhook', hook.id::text,
                   webhook, 'pending', NULL
            FROM staged JOIN ${schema}.webhooks hook
              ON hook.integrator_key_id = staged.integrator_key_id AND hook.removed_at IS NULL
             AND hook.created_at <= staged.occurred_at AND staged.event_type = ANY(hook.event_types)
            WHERE webhook IS NOT NULL
            ON CONFLICT DO NOTHING`,
    };
  }

  /** Call once the read model has staged the event, with the ticket as it left it. */
  enqueueFor(event: TicketEvent, ticket: NotifiedStanding, context: TicketEventContext): void {
    const email = requesterMessageFor(event, ticket);
    const webhook = ticket.integratorKeyId ? webhookPayloadFor(event, ticket) : null;
    if (!email && !webhook) return;
    context.run(this.queue, {
      event_id: event.eventId,
      event_type: event.type,
      ticket_id: event.ticketId,
      occurred_at: event.occurredAt,
      integrator_key_id: ticket.integratorKeyId,
      email_to: ticket.requesterEmail,
      email,
      email_status: this.emailOn ? 'pending' : 'skipped',
      email_error: this.emailOn ? null : 'email is off (SMTP_URL is not set)',
      webhook,
    });
  }
}
