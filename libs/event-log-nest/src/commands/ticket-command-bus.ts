import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  SupportLevel,
  TicketEvent,
  TicketEventDraft,
  currentTicketEvents,
  stampTicketEvent,
} from '@helpdesk/ticket-events';
import { TicketLifecycle, assertOwnedBy, evolveLifecycle } from '@helpdesk/ticket-lifecycle';
import { GroupCommit, OutboxWriter, ProjectionRunner, isTransient } from '@helpdesk/event-log';
import { TicketLifecycleStore } from '../lifecycle/ticket-lifecycle.store';
import { Clock } from './clock';
import { ServiceIdentity } from './service-identity';

export interface CommandMetadata {
  actor: Actor;
  /** The request this command belongs to (X-Correlation-Id, or a fresh one). */
  correlationId: string;
}

export interface TicketCommand extends CommandMetadata {
  ticketId: string;
  /** The level acting: it must own the ticket. */
  level: SupportLevel;
  /** Pure decision on the ticket as it stands; `manager` is there for reading the read model. */
  decide(
    state: TicketLifecycle,
    manager: EntityManager,
  ): readonly TicketEventDraft[] | Promise<readonly TicketEventDraft[]>;
}

export interface CommandResult {
  state: TicketLifecycle;
  events: TicketEvent[];
}

/** A new ticket, stamped and checked before it joins a group: its events and their fold. */
export interface PreparedOpening {
  readonly ticketId: string;
  readonly events: readonly TicketEvent[];
  /** The lifecycle its events give (the fold the read model will hold once they apply). */
  readonly state: TicketLifecycle;
}

/**
 * What makes an opening happen once (an idempotency key, say): recorded in the group's
 * transaction before any event, by its store, together with the other claims of that store.
 */
export interface OpeningClaim {
  readonly store: OpeningClaimStore;
}

export interface OpeningClaimStore {
  /**
   * Records the claims in the group's transaction, before any event is stored. Answers, claim
   * by claim, whether it holds now (false: another request holds it, and that opening is left
   * out of the transaction). It must not fail for one claim without failing for all.
   */
  recordClaims(
    manager: EntityManager,
    claims: readonly { claim: OpeningClaim; opening: PreparedOpening }[],
  ): Promise<readonly boolean[]>;
}

/** The answer to an opening whose claim another request held: nothing was stored for it. */
export const CLAIMED_BEFORE = Symbol('claimed before');
export type OpeningOutcome = CommandResult | typeof CLAIMED_BEFORE;

interface Opening {
  readonly prepared: PreparedOpening;
  readonly claim?: OpeningClaim;
}

/** At most this many openings share a transaction (ADR 17). */
export const OPENING_GROUP_MAX = 256;

/**
 * Runs a command on one ticket in one transaction: lock the ticket, check that the acting
 * level owns it, decide, store the events in the outbox and apply them to this service's own
 * read model. Two concurrent commands on a ticket are serialized by the lock, so they never
 * produce two events with one sequence number.
 *
 * New tickets are opened as a group commit (ADR 17): the openings that arrive while a group's
 * transaction runs share the next one, with one claim insert, one outbox insert, one apply of
 * all their events and one durable commit.
 */
@Injectable()
export class TicketCommandBus {
  private readonly logger = new Logger(TicketCommandBus.name);
  private readonly openings = new GroupCommit<Opening, OpeningOutcome>(
    (group) => this.commitOpenings(group),
    { maxItems: OPENING_GROUP_MAX },
  );
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly lifecycle: TicketLifecycleStore,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly service: ServiceIdentity,
  ) {}

  async execute(command: TicketCommand): Promise<CommandResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      await this.runner.lockTickets(manager, [command.ticketId]);
      const state = await this.lifecycle.load(manager, command.ticketId, { lock: true });
      if (!state) throw new NotFoundException(`ticket ${command.ticketId} not found`);
      assertOwnedBy(state, command.level);
      const drafts = await command.decide(state, manager);
      const events = this.stamp(command.ticketId, state.sequence, drafts, command);
      await this.runner.applyOwnEvents(manager, events);
      const after = await this.lifecycle.load(manager, command.ticketId);
      if (!after) throw new Error(`ticket ${command.ticketId} has no lifecycle after its events`);
      // Last: the outbox writers' turn lasts from this insert to the commit.
      await this.outbox.add(manager, events);
      return { state: after, events };
    });
    this.recorded([result]);
    return result;
  }

  /** Opens a new ticket with its first events, in the next group's transaction. */
  async open(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    const outcome = await this.openings.submit(this.admitted(drafts, metadata));
    if (outcome === CLAIMED_BEFORE) throw new Error('an opening without a claim was claimed');
    return outcome;
  }

  /**
   * Opens a new ticket unless its claim is held already: then nothing is stored and the answer
   * is CLAIMED_BEFORE (the claim's store knows what to answer instead). Drafts that break
   * their schema are refused here, before the opening joins a group.
   */
  openClaimed(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
    claim: OpeningClaim,
  ): Promise<OpeningOutcome> {
    return this.openings.submit(this.admitted(drafts, metadata, claim));
  }

  private admitted(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
    claim?: OpeningClaim,
  ): Opening {
    const ticketId = randomUUID();
    const events = this.stamp(ticketId, 0, drafts, metadata);
    const state = events.reduce<TicketLifecycle | undefined>(evolveLifecycle, undefined);
    if (!state) throw new Error('a new ticket needs at least one event');
    return { prepared: { ticketId, events, state }, claim };
  }

  /**
   * One group: one transaction when all goes well. When it fails for a reason that is not
   * transient, one opening is to blame: each half is tried in a transaction of its own,
   * recursively, so every other opening is stored once and the culprit gets its own error. A
   * transient failure (the database restarting, a deadlock) fails the whole group: the clients
   * retry, with their idempotency keys.
   */
  private async commitOpenings(group: readonly Opening[]): Promise<(OpeningOutcome | Error)[]> {
    const outcomes = await this.isolating(group);
    this.recorded(outcomes.filter((outcome): outcome is CommandResult => isResult(outcome)));
    return outcomes;
  }

  private async isolating(group: readonly Opening[]): Promise<(OpeningOutcome | Error)[]> {
    try {
      return await this.dataSource.transaction((manager) => this.recordOpenings(manager, group));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (group.length === 1 || isTransient(error)) return group.map(() => failure);
      const middle = Math.ceil(group.length / 2);
      const first = await this.isolating(group.slice(0, middle));
      return [...first, ...(await this.isolating(group.slice(middle)))];
    }
  }

  /** In the group's transaction: claims first, then every event at once; the outbox last. */
  private async recordOpenings(
    manager: EntityManager,
    group: readonly Opening[],
  ): Promise<OpeningOutcome[]> {
    const claimedBefore = await this.recordClaims(manager, group);
    const opening = group.filter((_, index) => !claimedBefore.has(index));
    const events = opening.flatMap(({ prepared }) => prepared.events);
    const states = new Map<string, TicketLifecycle>();
    if (events.length > 0) {
      await this.runner.applyOwnEvents(manager, events);
      for (const { prepared } of opening) {
        const state = await this.lifecycle.load(manager, prepared.ticketId);
        if (!state)
          throw new Error(`ticket ${prepared.ticketId} has no lifecycle after its events`);
        states.set(prepared.ticketId, state);
      }
      await this.outbox.add(manager, events);
    }
    return group.map(({ prepared }, index) =>
      claimedBefore.has(index)
        ? CLAIMED_BEFORE
        : { state: states.get(prepared.ticketId) ?? prepared.state, events: [...prepared.events] },
    );
  }

  /** The indexes of the openings whose claims other requests hold. */
  private async recordClaims(
    manager: EntityManager,
    group: readonly Opening[],
  ): Promise<Set<number>> {
    const byStore = new Map<OpeningClaimStore, { index: number; claim: OpeningClaim }[]>();
    group.forEach(({ claim }, index) => {
      if (claim) byStore.set(claim.store, [...(byStore.get(claim.store) ?? []), { index, claim }]);
    });
    const claimedBefore = new Set<number>();
    for (const [store, claims] of byStore) {
      const held = await store.recordClaims(
        manager,
        claims.map(({ index, claim }) => ({ claim, opening: group[index]?.prepared ?? fail() })),
      );
      claims.forEach(({ index }, position) => {
        if (held[position] !== true) claimedBefore.add(index);
      });
    }
    return claimedBefore;
  }

  /** Once committed: the relay of this process publishes at once; a line per ticket. */
  private recorded(results: readonly CommandResult[]): void {
    if (results.length === 0) return;
    this.outbox.committed();
    for (const { events } of results) {
      const last = events[events.length - 1];
      if (!last) continue;
      this.logger.log({
        msg: `${events.map((event) => event.type).join(', ')} recorded`,
        ticketId: last.ticketId,
        correlationId: last.correlationId,
        sequence: last.sequence,
      });
    }
  }

  private stamp(
    ticketId: string,
    sequence: number,
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
  ): TicketEvent[] {
    const occurredAt = this.clock.now().toISOString();
    let causationId: string | null = null;
    return drafts.map((draft, index) => {
      assertValidDraft(draft);
      const event = stampTicketEvent(draft, {
        eventId: randomUUID(),
        ticketId,
        sequence: sequence + index + 1,
        occurredAt,
        producer: this.service.name,
        correlationId: metadata.correlationId,
        causationId,
        actor: metadata.actor,
      });
      causationId = event.eventId;
      return event;
    });
  }
}

function fail(): never {
  throw new Error('an opening of the group went missing');
}

function isResult(outcome: OpeningOutcome | Error): outcome is CommandResult {
  return outcome !== CLAIMED_BEFORE && !(outcome instanceof Error);
}

/**
 * A draft that breaks its schema is a bug of this service: refuse it here, before every other
 * service dead-letters it and the read models part ways.
 */
function assertValidDraft(draft: TicketEventDraft): void {
  const result = currentTicketEvents[draft.type].data.safeParse(draft.data);
  if (!result.success) {
    throw new Error(`${draft.type} draft breaks its schema: ${result.error.message}`);
  }
}
