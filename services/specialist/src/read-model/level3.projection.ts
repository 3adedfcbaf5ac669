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
import { UNQUALIFIED_DOMAIN } from '../domain/level3-decisions';
import { Level3QueueEntry, Level3Ticket, Level3TimelineEntry } from './level3.entities';

type Arrival = Pick<Level3QueueEntry, 'arrivedBy' | 'arrivalReason'>;

/**
 * Level 3's read model. A ticket is in a domain's queue while level 3 owns it and it is not
 * closed; the owner, status, assignee and qualified domain come from the shared lifecycle,
 * which the kernel has already folded with the event when a handler runs.
 */
@TicketEventHandlers()
export class Level3Projection {
  constructor(private readonly stream: TicketEventStream) {}

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const { requester, summary, description, category } = event.data;
    await manager.insert(Level3Ticket, {
      ticketId: event.ticketId,
      summary,
      description,
      category,
      requesterName: requester.name,
      requesterEmail: requester.email,
      priority: null,
      submittedAt: new Date(event.occurredAt),
      updatedAt: new Date(event.occurredAt),
    });
    await this.record(manager, event);
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event, { priority: event.data.priority });
  }

  @OnTicketEvent('TicketDiagnosed')
  async diagnosed(
    @Payload() event: TicketEventOfType<'TicketDiagnosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event, {
      level2Diagnosis: event.data.diagnosis,
      level2Outcome: event.data.outcome,
    });
  }

  @OnTicketEvent('TicketEscalated')
  async escalated(
    @Payload() event: TicketEventOfType<'TicketEscalated'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L3') return this.record(manager, event);
    await this.record(
      manager,
      event,
      { escalationReason: event.data.reason, qualifiedDomain: event.data.domain },
      { arrivedBy: 'escalation', arrivalReason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReopened')
  async reopened(
    @Payload() event: TicketEventOfType<'TicketReopened'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L3') return this.record(manager, event);
    await this.record(
      manager,
      event,
      {},
      {
        arrivedBy: 'reopening',
        arrivalReason: event.data.reason,
      },
    );
  }

  @OnTicketEvent('TicketReturned')
  async returned(
    @Payload() event: TicketEventOfType<'TicketReturned'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('TicketTaken')
  async taken(
    @Payload() event: TicketEventOfType<'TicketTaken'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('TicketResolved')
  async resolved(
    @Payload() event: TicketEventOfType<'TicketResolved'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('TicketClosed')
  async closed(
    @Payload() event: TicketEventOfType<'TicketClosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('RequesterInformationRequested')
  async informationRequested(
    @Payload() event: TicketEventOfType<'RequesterInformationRequested'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('RequesterInformationAdded')
  async informationAdded(
    @Payload() event: TicketEventOfType<'RequesterInformationAdded'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('HardwareReturnProgressed')
  async hardwareReturnProgressed(
    @Payload() event: TicketEventOfType<'HardwareReturnProgressed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('PhoneGuidanceNoted')
  async phoneGuidanceNoted(
    @Payload() event: TicketEventOfType<'PhoneGuidanceNoted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('RemoteSessionStarted')
  async remoteSessionStarted(
    @Payload() event: TicketEventOfType<'RemoteSessionStarted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  @OnTicketEvent('RemoteSessionEnded')
  async remoteSessionEnded(
    @Payload() event: TicketEventOfType<'RemoteSessionEnded'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.record(manager, event);
  }

  /** Empties what the log rebuilds; the specialists are not the log's to rebuild. */
  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    const tables = [Level3TimelineEntry, Level3QueueEntry, Level3Ticket].map(
      (entity) => manager.connection.getMetadata(entity).tablePath,
    );
    await manager.query(`TRUNCATE ${tables.join(', ')}`);
  }

  private async record(
    manager: EntityManager,
    event: TicketEvent,
    changes: QueryDeepPartialEntity<Level3Ticket> = {},
    arrival?: Arrival,
  ): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    const set: QueryDeepPartialEntity<Level3Ticket> = { ...changes, updatedAt: occurredAt };
    if (arrival) set.firstReachedAt = () => 'COALESCE(first_reached_at, :occurredAt)';
    await manager
      .createQueryBuilder()
      .update(Level3Ticket)
      .set(set)
      .where('ticket_id = :ticketId', { ticketId: event.ticketId, occurredAt })
      .execute();
    await manager.insert(Level3TimelineEntry, {
      ticketId: event.ticketId,
      sequence: event.sequence,
      type: event.type,
      occurredAt,
      actor: event.actor,
      producer: event.producer,
      data: event.data,
    });
    await this.placeInQueue(manager, event.ticketId, occurredAt, arrival);
  }

  /** Into (or within, or out of) the queue of its domain, as the lifecycle now stands. */
  private async placeInQueue(
    manager: EntityManager,
    ticketId: string,
    occurredAt: Date,
    arrival: Arrival | undefined,
  ): Promise<void> {
    const state = await this.stream.lifecycle.load(manager, ticketId);
    if (state?.owner !== 'L3' || state.status === 'closed') {
      await manager.delete(Level3QueueEntry, { ticketId });
      return;
    }
    const current = {
      domain: state.domain ?? UNQUALIFIED_DOMAIN,
      status: state.status,
      assignee: state.assignee,
      updatedAt: occurredAt,
    };
    if (!arrival) {
      const { affected } = await manager.update(Level3QueueEntry, { ticketId }, current);
      if (affected) return;
    }
    await manager.upsert(
      Level3QueueEntry,
      {
        ticketId,
        ...current,
        arrivedBy: arrival?.arrivedBy ?? null,
        arrivalReason: arrival?.arrivalReason ?? null,
        queuedAt: occurredAt,
      },
      ['ticketId'],
    );
  }
}
