import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { ProjectionContext } from '@helpdesk/event-log';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
} from '@helpdesk/event-log-nest';
import {
  Level2Arrival,
  Level2QueueEntry,
  Level2Ticket,
  Level2TimelineEntry,
} from './level2.entities';

interface Arrival {
  by: Level2Arrival;
  reason: string;
}

/**
 * Level 2's read model, fed by the log and by its own commands. Whether a ticket is in the
 * queue, and its status and assignee there, come from the shared lifecycle (already folded
 * with the event when a handler runs); the rest comes from the events themselves.
 */
@TicketEventHandlers()
export class Level2Projection {
  constructor(private readonly stream: TicketEventStream) {}

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const at = new Date(event.occurredAt);
    await manager.insert(Level2Ticket, {
      ticketId: event.ticketId,
      summary: event.data.summary,
      description: event.data.description,
      category: event.data.category,
      channel: event.data.channel,
      requesterName: event.data.requester.name,
      requesterEmail: event.data.requester.email,
      priority: null,
      submittedAt: at,
      updatedAt: at,
    });
    await this.project(manager, event);
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event, { priority: event.data.priority });
  }

  @OnTicketEvent('TicketTaken')
  async taken(
    @Payload() event: TicketEventOfType<'TicketTaken'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('TicketEscalated')
  async escalated(
    @Payload() event: TicketEventOfType<'TicketEscalated'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L2') return this.project(manager, event);
    await this.project(
      manager,
      event,
      { escalationReason: event.data.reason },
      { by: 'escalation', reason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReturned')
  async returned(
    @Payload() event: TicketEventOfType<'TicketReturned'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const arrival =
      event.data.toLevel === 'L2'
        ? { by: 'return' as const, reason: event.data.reason }
        : undefined;
    await this.project(manager, event, {}, arrival);
  }

  @OnTicketEvent('TicketResolved')
  async resolved(
    @Payload() event: TicketEventOfType<'TicketResolved'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('TicketReopened')
  async reopened(
    @Payload() event: TicketEventOfType<'TicketReopened'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const arrival =
      event.data.toLevel === 'L2'
        ? { by: 'reopening' as const, reason: event.data.reason }
        : undefined;
    await this.project(manager, event, {}, arrival);
  }

  @OnTicketEvent('TicketClosed')
  async closed(
    @Payload() event: TicketEventOfType<'TicketClosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('RequesterInformationRequested')
  async informationRequested(
    @Payload() event: TicketEventOfType<'RequesterInformationRequested'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('RequesterInformationAdded')
  async informationAdded(
    @Payload() event: TicketEventOfType<'RequesterInformationAdded'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('TicketDiagnosed')
  async diagnosed(
    @Payload() event: TicketEventOfType<'TicketDiagnosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event, {
      diagnosis: event.data.diagnosis,
      outcome: event.data.outcome,
      diagnosedAt: new Date(event.occurredAt),
    });
  }

  @OnTicketEvent('HardwareReturnProgressed')
  async hardwareReturnProgressed(
    @Payload() event: TicketEventOfType<'HardwareReturnProgressed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event, {
      rmaNumber: event.data.rmaNumber,
      rmaStep: event.data.step,
      rmaUpdatedAt: new Date(event.occurredAt),
    });
  }

  @OnTicketEvent('PhoneGuidanceNoted')
  async phoneGuidanceNoted(
    @Payload() event: TicketEventOfType<'PhoneGuidanceNoted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event);
  }

  @OnTicketEvent('RemoteSessionStarted')
  async remoteSessionStarted(
    @Payload() event: TicketEventOfType<'RemoteSessionStarted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(manager, event, {
      remoteSessionId: event.data.sessionId,
      remoteSessionLink: event.data.link,
      remoteSessionState: 'open',
      remoteSessionStartedAt: new Date(event.occurredAt),
      remoteSessionEndedAt: null,
    });
  }

  @OnTicketEvent('RemoteSessionEnded')
  async remoteSessionEnded(
    @Payload() event: TicketEventOfType<'RemoteSessionEnded'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const ticket = await manager.findOneBy(Level2Ticket, { ticketId: event.ticketId });
    const current = ticket?.remoteSessionId === event.data.sessionId;
    await this.project(
      manager,
      event,
      current
        ? { remoteSessionState: 'ended', remoteSessionEndedAt: new Date(event.occurredAt) }
        : {},
    );
  }

  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await manager.query(
      `TRUNCATE ${[Level2TimelineEntry, Level2QueueEntry, Level2Ticket]
        .map((entity) => manager.connection.getMetadata(entity).tablePath)
        .join(', ')}`,
    );
  }

  /** What every event does: the ticket's own changes, a line in its timeline, its queue row. */
  private async project(
    manager: EntityManager,
    event: TicketEvent,
    changes: QueryDeepPartialEntity<Level2Ticket> = {},
    arrival?: Arrival,
  ): Promise<void> {
    const at = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .update(Level2Ticket)
      .set({
        ...changes,
        updatedAt: at,
        ...(arrival && { firstReachedAt: () => 'COALESCE(first_reached_at, :at)' }),
      })
      .where('ticket_id = :ticketId', { ticketId: event.ticketId })
      .setParameter('at', at)
      .execute();
    await manager.insert(Level2TimelineEntry, {
      ticketId: event.ticketId,
      sequence: event.sequence,
      type: event.type,
      occurredAt: at,
      actor: event.actor,
      producer: event.producer,
      data: event.data,
    });
    await this.syncQueue(manager, event, arrival);
  }

  /** In the queue while level 2 owns the ticket and it is not closed. */
  private async syncQueue(
    manager: EntityManager,
    event: TicketEvent,
    arrival: Arrival | undefined,
  ): Promise<void> {
    const state = await this.stream.lifecycle.load(manager, event.ticketId);
    if (!state || state.owner !== 'L2' || state.status === 'closed') {
      await manager.delete(Level2QueueEntry, { ticketId: event.ticketId });
      return;
    }
    const at = new Date(event.occurredAt);
    const entry = {
      ticketId: event.ticketId,
      status: state.status,
      assignee: state.assignee,
      arrivedBy: arrival?.by ?? null,
      arrivalReason: arrival?.reason ?? null,
      queuedAt: at,
      updatedAt: at,
    };
    await manager
      .createQueryBuilder()
      .insert()
      .into(Level2QueueEntry)
      .values(entry)
      .orUpdate(
        arrival
          ? ['status', 'assignee', 'arrived_by', 'arrival_reason', 'queued_at', 'updated_at']
          : ['status', 'assignee', 'updated_at'],
        ['ticket_id'],
      )
      .execute();
  }
}
