import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { ProjectionContext } from '@helpdesk/event-log';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
} from '@helpdesk/event-log-nest';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { publicTimelineEntry } from '../domain/public-timeline';
import { NotificationOutbox } from '../notifications/application/notification-outbox';
import { PublicTimelineRow } from './public-timeline-row.entity';
import { RequesterTicket } from './requester-ticket.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Intake's read model, fed by the log (and by intake's own commands, once each): the tickets
 * as their requesters see them, and their public timelines. Every event type has a handler,
 * because internal work (a diagnosis, a remote session) still moves the status the requester
 * sees, even though it adds nothing to their timeline. Status, owner and priority are copied
 * from the ticket_lifecycle row the kernel folded just before the handler runs, so intake
 * never re-derives the lifecycle on its own.
 */
@TicketEventHandlers()
export class RequesterTicketsProjection {
  constructor(
    private readonly stream: TicketEventStream,
    private readonly notifications: NotificationOutbox,
  ) {}

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const integratorKeyId =
      event.actor.kind === 'integrator' && UUID.test(event.actor.id) ? event.actor.id : null;
    const ticket = manager.create(RequesterTicket, {
      ticketId: event.ticketId,
      integratorKeyId,
      channel: event.data.channel,
      requesterName: event.data.requester.name,
      requesterEmail: event.data.requester.email,
      summary: event.data.summary,
      category: event.data.category,
      status: 'new',
      level: 'L1',
      priority: null,
      createdAt: new Date(event.occurredAt),
      updatedAt: new Date(event.occurredAt),
    });
    await manager.upsert(RequesterTicket, ticket, ['ticketId']);
    // The row is as the lifecycle leaves a new ticket: no update to make.
    await this.addToTimeline(event, manager);
    await this.notifications.enqueueFor(event, ticket, manager);
  }

  /** Every later event: the requester's view follows the lifecycle and the public timeline. */
  @OnTicketEvent(
    'TicketPrioritized',
    'TicketTaken',
    'TicketEscalated',
    'TicketReturned',
    'TicketResolved',
    'TicketReopened',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'HardwareReturnProgressed',
    'TicketDiagnosed',
    'PhoneGuidanceNoted',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  )
  async changed(
    @Payload()
    event: TicketEventOfType<
      | 'TicketPrioritized'
      | 'TicketTaken'
      | 'TicketEscalated'
      | 'TicketReturned'
      | 'TicketResolved'
      | 'TicketReopened'
      | 'TicketClosed'
      | 'RequesterInformationRequested'
      | 'RequesterInformationAdded'
      | 'HardwareReturnProgressed'
      | 'TicketDiagnosed'
      | 'PhoneGuidanceNoted'
      | 'RemoteSessionStarted'
      | 'RemoteSessionEnded'
    >,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  /** A rebuild starts from empty tables (keys, idempotency and the guide are not read model). */
  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await manager.clear(PublicTimelineRow);
    await manager.clear(RequesterTicket);
  }

  private async project(event: TicketEvent, manager: EntityManager): Promise<void> {
    await this.addToTimeline(event, manager);
    const state = await this.stream.lifecycle.load(manager, event.ticketId);
    if (!state) return;
    const updated = await manager
      .createQueryBuilder()
      .update(RequesterTicket)
      .set({
        status: state.status,
        level: state.owner,
        priority: state.priority,
        updatedAt: new Date(state.updatedAt),
      })
      .where({ ticketId: event.ticketId })
      .returning('*')
      .execute();
    const [row] = updated.raw as Record<string, unknown>[];
    if (!row) return;
    // In this transaction: the event's notifications are queued exactly when it is applied.
    await this.notifications.enqueueFor(event, entityOf(manager, RequesterTicket, row), manager);
  }

  private async addToTimeline(event: TicketEvent, manager: EntityManager): Promise<void> {
    const entry = publicTimelineEntry(event);
    if (entry) {
      await manager.upsert(
        PublicTimelineRow,
        {
          ticketId: event.ticketId,
          sequence: entry.sequence,
          type: entry.type,
          occurredAt: new Date(entry.occurredAt),
          publicText: entry.text,
          details: entry.details,
        },
        ['ticketId', 'sequence'],
      );
    }
  }
}

/** An entity from a row of its table (as UPDATE ... RETURNING * gives it). */
function entityOf<Entity extends object>(
  manager: EntityManager,
  target: new () => Entity,
  row: Record<string, unknown>,
): Entity {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as Entity;
  for (const column of metadata.columns) column.setEntityValue(entity, row[column.databaseName]);
  return entity;
}
