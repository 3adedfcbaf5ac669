import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { DatabaseSettings } from '@helpdesk/event-log-nest';
import { TicketEvent } from '@helpdesk/ticket-events';
import { IntakeSettings } from '../../intake.settings';
import { RequesterTicket } from '../../read-model/requester-ticket.entity';
import { requesterMessageFor } from '../domain/requester-messages';
import { webhookPayloadFor } from '../domain/webhook-event';
import { NotificationRow } from './notification.entity';
import { Webhook } from './webhook.entity';

/**
 * Queues the notifications of an event inside the transaction that projects it (the
 * projection calls `enqueueFor` with its manager): the event is applied and its notifications
 * are queued together, or neither. What keeps a replay from sending twice:
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
  private startedAt?: Date;
  private readonly webhooksInTransaction = new WeakMap<EntityManager, Map<string, Webhook[]>>();

  constructor(
    settings: IntakeSettings,
    private readonly database: DatabaseSettings,
  ) {
    this.emailOn = settings.SMTP_URL !== undefined;
  }

  /** Call once the read model has applied the event, with the ticket's row as it left it. */
  async enqueueFor(
    event: TicketEvent,
    ticket: RequesterTicket,
    manager: EntityManager,
  ): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    if (occurredAt < (await this.featureStart(manager))) return;
    const rows: Omit<NotificationRow, 'attempts' | 'nextAttemptAt' | 'createdAt'>[] = [];
    const row = { eventId: event.eventId, eventType: event.type, ticketId: event.ticketId };

    const message = requesterMessageFor(event, ticket);
    if (message) {
      rows.push({
        ...row,
        id: randomUUID(),
        channel: 'email',
        recipient: ticket.requesterEmail,
        payload: message,
        status: this.emailOn ? 'pending' : 'skipped',
        lastError: this.emailOn ? null : 'email is off (SMTP_URL is not set)',
        deliveredAt: null,
      });
    }

    const payload = webhookPayloadFor(event, ticket);
    if (payload && ticket.integratorKeyId) {
      const webhooks = (await this.webhooksOf(ticket.integratorKeyId, manager)).filter(
        (hook) => hook.createdAt <= occurredAt && hook.eventTypes.includes(event.type),
      );
      for (const webhook of webhooks) {
        rows.push({
          ...row,
          id: randomUUID(),
          channel: 'webhook',
          recipient: webhook.id,
          payload,
          status: 'pending',
          lastError: null,
          deliveredAt: null,
        });
      }
    }

    if (rows.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationRow)
      .values(rows)
      .orIgnore()
      .execute();
  }

  /**
   * The integrator's webhooks, read once per transaction: a batch of events, or a command's
   * two, asks for the same integrator's again and again.
   */
  private async webhooksOf(integratorKeyId: string, manager: EntityManager): Promise<Webhook[]> {
    const inTransaction = manager.queryRunner?.isTransactionActive === true;
    const known = inTransaction ? this.webhooksInTransaction.get(manager) : undefined;
    const cached = known?.get(integratorKeyId);
    if (cached) return cached;
    const webhooks = await manager.findBy(Webhook, { integratorKeyId, removedAt: IsNull() });
    if (inTransaction) {
      this.webhooksInTransaction.set(
        manager,
        (known ?? new Map<string, Webhook[]>()).set(integratorKeyId, webhooks),
      );
    }
    return webhooks;
  }

  private async featureStart(manager: EntityManager): Promise<Date> {
    if (!this.startedAt) {
      const schema = this.database.DATABASE_SCHEMA;
      const [row] = await manager.query<{ started_at: Date }[]>(
        `SELECT started_at FROM "${schema}".notifications_started`,
      );
      if (!row) throw new Error(`${schema}.notifications_started is empty`);
      this.startedAt = row.started_at;
    }
    return this.startedAt;
  }
}
