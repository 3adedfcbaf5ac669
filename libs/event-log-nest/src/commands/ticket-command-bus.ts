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
import { TicketLifecycle, assertOwnedBy } from '@helpdesk/ticket-lifecycle';
import { OutboxWriter } from '@helpdesk/event-log';
import { TicketEventStream } from '../ticket-event-stream.server';
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

/**
 * Runs a command on one ticket in one transaction: lock the ticket, check that the acting
 * level owns it, decide, store the events in the outbox and apply them to this service's own
 * read model. Two concurrent commands on a ticket are serialized by the lock, so they never
 * produce two events with one sequence number.
 */
@Injectable()
export class TicketCommandBus {
  private readonly logger = new Logger(TicketCommandBus.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stream: TicketEventStream,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly service: ServiceIdentity,
  ) {}

  async execute(command: TicketCommand): Promise<CommandResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      await this.stream.runner.lockTickets(manager, [command.ticketId]);
      const state = await this.stream.lifecycle.load(manager, command.ticketId, { lock: true });
      if (!state) throw new NotFoundException(`ticket ${command.ticketId} not found`);
      assertOwnedBy(state, command.level);
      const drafts = await command.decide(state, manager);
      return this.record(manager, command.ticketId, state.sequence, drafts, command);
    });
    this.logRecorded(result.events);
    return result;
  }

  /**
   * Opens a new ticket with its first events. `alongside` runs in the same transaction (an
   * idempotency record, say) and sees the events.
   */
  async open(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
    alongside: (manager: EntityManager, result: CommandResult) => Promise<void> = async () =>
      undefined,
  ): Promise<CommandResult> {
    const opened = await this.dataSource.transaction(async (manager) => {
      const result = await this.record(manager, randomUUID(), 0, drafts, metadata);
      await alongside(manager, result);
      return result;
    });
    this.logRecorded(opened.events);
    return opened;
  }

  /** Once committed: a line with the ticket and correlation id, to follow it across services. */
  private logRecorded(events: readonly TicketEvent[]): void {
    const last = events[events.length - 1];
    if (!last) return;
    this.logger.log({
      msg: `${events.map((event) => event.type).join(', ')} recorded`,
      ticketId: last.ticketId,
      correlationId: last.correlationId,
      sequence: last.sequence,
    });
  }

  private async record(
    manager: EntityManager,
    ticketId: string,
    sequence: number,
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    const occurredAt = this.clock.now().toISOString();
    let causationId: string | null = null;
    const events = drafts.map((draft, index) => {
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
    await this.outbox.add(manager, events);
    await this.stream.runner.applyOwnEvents(manager, events);
    const state = await this.stream.lifecycle.load(manager, ticketId);
    if (!state) throw new Error(`ticket ${ticketId} has no lifecycle after its own events`);
    return { state, events };
  }
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
