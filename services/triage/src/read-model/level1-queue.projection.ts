import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { PriorityMatrix, priorityOf } from '@helpdesk/ticket-lifecycle';
import { ProjectionContext } from '@helpdesk/event-log';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
} from '@helpdesk/event-log-nest';
import { PRIORITY_MATRIX } from '../application/priority-matrix.provider';
import { TriageTables } from './triage-tables';

/**
 * The level-1 queue and the tickets' timelines, fed by every ticket event. Owner, status and
 * assignee are copied from the ticket's lifecycle, which the kernel folds just before these
 * handlers run (in the same transaction): one fold of the rules, not two.
 */
@TicketEventHandlers()
export class Level1QueueProjection {
  constructor(
    private readonly tables: TriageTables,
    private readonly stream: TicketEventStream,
    @Inject(PRIORITY_MATRIX) private readonly matrix: PriorityMatrix,
  ) {}

  /**
   * Until a technician assesses it, the priority is the matrix's verdict on the requester's
   * own impact and urgency, so that a new ticket already has its place in the queue.
   */
  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const { data } = event;
    await manager.query(
      `INSERT INTO ${this.tables.queue} (ticket_id, summary, description, category, channel,
         requester_name, requester_email, requester_phone, impact, urgency, priority,
         priority_assessed, owner, status, assignee, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false, 'L1', 'new', NULL, $12, $12)
       ON CONFLICT (ticket_id) DO NOTHING`,
      [
        event.ticketId,
        data.summary,
        data.description,
        data.category,
        data.channel,
        data.requester.name,
        data.requester.email,
        data.requester.phone,
        data.impact,
        data.urgency,
        priorityOf(data.impact, data.urgency, this.matrix),
        event.occurredAt,
      ],
    );
    await this.record(manager, event);
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.tables.queue}
       SET impact = $2, urgency = $3, priority = $4, priority_assessed = true
       WHERE ticket_id = $1`,
      [event.ticketId, event.data.impact, event.data.urgency, event.data.priority],
    );
    await this.follow(manager, event);
  }

  @OnTicketEvent('TicketTaken')
  taken(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  /** Away from level 1: the ticket leaves the queue (its owner is no longer L1). */
  @OnTicketEvent('TicketEscalated')
  escalated(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  /** Back to level 1 (handed back, or reopened after a level-1 resolution): in the queue again. */
  @OnTicketEvent('TicketReturned')
  returned(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('TicketReopened')
  reopened(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('TicketResolved')
  resolved(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('TicketClosed')
  closed(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('RequesterInformationRequested')
  informationRequested(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('RequesterInformationAdded')
  informationAdded(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  // What the other levels do shows in the timeline of a ticket level 1 handed over.
  @OnTicketEvent('TicketDiagnosed')
  diagnosed(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('HardwareReturnProgressed')
  hardwareReturn(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('PhoneGuidanceNoted')
  phoneGuidance(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('RemoteSessionStarted')
  remoteSessionStarted(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  @OnTicketEvent('RemoteSessionEnded')
  remoteSessionEnded(
    @Payload() event: TicketEvent,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    return this.follow(manager, event);
  }

  /** A rebuild empties what comes from the log; the knowledge base is not from the log. */
  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await manager.query(`TRUNCATE ${this.tables.queue}, ${this.tables.timeline}`);
  }

  /** The ticket's row follows its lifecycle; the event joins its timeline. */
  private async follow(manager: EntityManager, event: TicketEvent): Promise<void> {
    const state = await this.stream.lifecycle.load(manager, event.ticketId);
    if (state) {
      await manager.query(
        `UPDATE ${this.tables.queue} SET owner = $2, status = $3, assignee = $4, updated_at = $5
         WHERE ticket_id = $1`,
        [event.ticketId, state.owner, state.status, state.assignee, event.occurredAt],
      );
    }
    await this.record(manager, event);
  }

  private async record(manager: EntityManager, event: TicketEvent): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.tables.timeline} (ticket_id, sequence, type, occurred_at, producer, actor, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (ticket_id, sequence) DO NOTHING`,
      [
        event.ticketId,
        event.sequence,
        event.type,
        event.occurredAt,
        event.producer,
        JSON.stringify(event.actor),
        JSON.stringify(event.data),
      ],
    );
  }
}
