import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager, EntityTarget } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SupportLevel, TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { TicketLifecycle, movesOwnership } from '@helpdesk/ticket-lifecycle';
import { ProjectionContext } from '@helpdesk/event-log';
import { OnTicketEvent, READ_MODEL_RESET, TicketLifecycleStore } from '@helpdesk/event-log-nest';
import { TierQueueEntry, TierTicket, TierTimelineEntry } from './tier.entities';

/** How a ticket came (back) to the tier. */
export interface TierArrival<Arrival extends string = string> {
  arrivedBy: Arrival;
  arrivalReason: string;
}

/** A tier's read model: its level, its three tables, and its own queue columns. */
export interface TierReadModel<Ticket extends TierTicket, Arrival extends string = string> {
  level: SupportLevel;
  ticket: EntityTarget<Ticket>;
  queue: EntityTarget<TierQueueEntry<Arrival>>;
  timeline: EntityTarget<TierTimelineEntry>;
  /** The service's own queue columns, from the lifecycle as it now stands. */
  queueColumns?: (state: TicketLifecycle) => Record<string, unknown>;
}

/**
 * Projects events into a tier's read model: the ticket's facts, its timeline and its queue
 * row. Whether a ticket is in the queue, and its status and assignee there, come from the
 * shared lifecycle (already folded with the event when a handler runs).
 */
export class TierProjector<Ticket extends TierTicket, Arrival extends string = string> {
  constructor(
    private readonly model: TierReadModel<Ticket, Arrival>,
    /** The kernel's `TicketEventStream` (its `lifecycle` is read when an event comes). */
    private readonly stream: { readonly lifecycle: TicketLifecycleStore },
  ) {}

  /** Keeps what the requester said; `facts` are the service's own columns from submission. */
  async submitted(
    manager: EntityManager,
    event: TicketEventOfType<'TicketSubmitted'>,
    facts: QueryDeepPartialEntity<Ticket> = {},
  ): Promise<void> {
    const at = new Date(event.occurredAt);
    const { requester, summary, description, category } = event.data;
    const ticket = {
      ticketId: event.ticketId,
      summary,
      description,
      category,
      ...facts,
      requesterName: requester.name,
      requesterEmail: requester.email,
      requesterPhone: requester.phone,
      priority: null,
      submittedAt: at,
      updatedAt: at,
    };
    await manager.insert(this.model.ticket, ticket);
    // Inserted as it stands after the event: only its timeline line and queue place are left.
    await this.addToTimeline(manager, event);
    await this.placeInQueue(manager, event, undefined);
  }

  /** What every event does: the ticket's own changes, a line in its timeline, its queue row. */
  async record(
    manager: EntityManager,
    event: TicketEvent,
    changes: QueryDeepPartialEntity<Ticket> = {},
    arrival?: TierArrival<Arrival>,
  ): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    const set = { ...changes, updatedAt: occurredAt } as QueryDeepPartialEntity<TierTicket>;
    if (arrival) set.firstReachedAt = () => 'COALESCE(first_reached_at, :occurredAt)';
    await manager
      .createQueryBuilder()
      .update(this.model.ticket)
      .set(set)
      .where('ticket_id = :ticketId', { ticketId: event.ticketId, occurredAt })
      .execute();
    await this.addToTimeline(manager, event);
    await this.placeInQueue(manager, event, arrival);
  }

  private async addToTimeline(manager: EntityManager, event: TicketEvent): Promise<void> {
    await manager.insert(this.model.timeline, {
      ticketId: event.ticketId,
      sequence: event.sequence,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      actor: event.actor,
      producer: event.producer,
      data: event.data,
    });
  }

  /** Empties what the log rebuilds. */
  async reset(manager: EntityManager): Promise<void> {
    const tables = [this.model.timeline, this.model.queue, this.model.ticket].map(
      (entity) => manager.connection.getMetadata(entity).tablePath,
    );
    await manager.query(`TRUNCATE ${tables.join(', ')}`);
  }

  /** Into (or within, or out of) the queue, as the lifecycle now stands. */
  private async placeInQueue(
    manager: EntityManager,
    event: TicketEvent,
    arrival: TierArrival<Arrival> | undefined,
  ): Promise<void> {
    const { ticketId } = event;
    const occurredAt = new Date(event.occurredAt);
    const state = await this.stream.lifecycle.load(manager, ticketId);
    if (state?.owner !== this.model.level || state.status === 'closed') {
      // Another level's ticket that no event moved: it was not in this queue before either.
      const mayBeQueued = state?.owner === this.model.level || !state || movesOwnership(event);
      if (mayBeQueued) await manager.delete(this.model.queue, { ticketId });
      return;
    }
    const current = {
      ...this.model.queueColumns?.(state),
      status: state.status,
      assignee: state.assignee,
      updatedAt: occurredAt,
    };
    if (!arrival) {
      const { affected } = await manager.update(this.model.queue, { ticketId }, current);
      if (affected) return;
    }
    await manager.upsert(
      this.model.queue,
      {
        ticketId,
        ...current,
        arrivedBy: arrival?.arrivedBy ?? null,
        arrivalReason: arrival?.arrivalReason ?? null,
        queuedAt: occurredAt,
      } as unknown as QueryDeepPartialEntity<TierQueueEntry<Arrival>>,
      ['ticketId'],
    );
  }
}

/**
 * The handlers every tier's projection shares: the ticket's facts from submission and
 * prioritization, and the events that only add a timeline line and move the queue row. A
 * service's `@TicketEventHandlers()` class extends it with the events it reads for itself.
 */
export abstract class TierProjection<Ticket extends TierTicket, Arrival extends string = string> {
  protected readonly tier: TierProjector<Ticket, Arrival>;

  constructor(
    model: TierReadModel<Ticket, Arrival>,
    stream: { readonly lifecycle: TicketLifecycleStore },
  ) {
    this.tier = new TierProjector(model, stream);
  }

  /** The service's own columns kept from submission. */
  protected submittedFacts(
    _event: TicketEventOfType<'TicketSubmitted'>,
  ): QueryDeepPartialEntity<Ticket> {
    return {};
  }

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.submitted(manager, event, this.submittedFacts(event));
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const changes: QueryDeepPartialEntity<TierTicket> = { priority: event.data.priority };
    await this.tier.record(manager, event, changes as QueryDeepPartialEntity<Ticket>);
  }

  /** Events the tiers only record: the lifecycle says the rest. */
  @OnTicketEvent(
    'TicketTaken',
    'TicketResolved',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'PhoneGuidanceNoted',
  )
  async recorded(
    @Payload()
    event: TicketEventOfType<
      | 'TicketTaken'
      | 'TicketResolved'
      | 'TicketClosed'
      | 'RequesterInformationRequested'
      | 'RequesterInformationAdded'
      | 'PhoneGuidanceNoted'
    >,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.record(manager, event);
  }

  /** Empties what the log rebuilds. */
  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await this.tier.reset(manager);
  }
}
