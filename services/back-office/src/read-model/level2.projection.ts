import { Ctx, Payload } from '@nestjs/microservices';
import { TicketEventOfType } from '@helpdesk/ticket-events';
import { ProjectionContext } from '@helpdesk/event-log';
import { OnTicketEvent, TicketEventHandlers, TicketEventStream } from '@helpdesk/event-log-nest';
import { TierProjection } from '@helpdesk/tier-desk';
import {
  Level2Arrival,
  Level2QueueEntry,
  Level2Ticket,
  Level2TimelineEntry,
} from './level2.entities';

/**
 * Level 2's read model, fed by the log and by its own commands. Whether a ticket is in the
 * queue, and its status and assignee there, come from the shared lifecycle (already folded
 * with the event when a handler runs); the rest comes from the events themselves.
 */
@TicketEventHandlers()
export class Level2Projection extends TierProjection<Level2Ticket, Level2Arrival> {
  constructor(stream: TicketEventStream) {
    super(
      {
        level: 'L2',
        ticket: Level2Ticket,
        queue: Level2QueueEntry,
        timeline: Level2TimelineEntry,
      },
      stream,
    );
  }

  protected override submittedFacts(event: TicketEventOfType<'TicketSubmitted'>) {
    return { channel: event.data.channel };
  }

  @OnTicketEvent('TicketEscalated')
  async escalated(
    @Payload() event: TicketEventOfType<'TicketEscalated'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L2') return this.tier.record(manager, event);
    await this.tier.record(
      manager,
      event,
      { escalationReason: event.data.reason },
      { arrivedBy: 'escalation', arrivalReason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReturned')
  async returned(
    @Payload() event: TicketEventOfType<'TicketReturned'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const arrival =
      event.data.toLevel === 'L2'
        ? { arrivedBy: 'return' as const, arrivalReason: event.data.reason }
        : undefined;
    await this.tier.record(manager, event, {}, arrival);
  }

  @OnTicketEvent('TicketReopened')
  async reopened(
    @Payload() event: TicketEventOfType<'TicketReopened'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const arrival =
      event.data.toLevel === 'L2'
        ? { arrivedBy: 'reopening' as const, arrivalReason: event.data.reason }
        : undefined;
    await this.tier.record(manager, event, {}, arrival);
  }

  @OnTicketEvent('TicketDiagnosed')
  async diagnosed(
    @Payload() event: TicketEventOfType<'TicketDiagnosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.record(manager, event, {
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
    await this.tier.record(manager, event, {
      rmaNumber: event.data.rmaNumber,
      rmaStep: event.data.step,
      rmaUpdatedAt: new Date(event.occurredAt),
    });
  }

  @OnTicketEvent('RemoteSessionStarted')
  async remoteSessionStarted(
    @Payload() event: TicketEventOfType<'RemoteSessionStarted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.record(manager, event, {
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
    await this.tier.record(
      manager,
      event,
      current
        ? { remoteSessionState: 'ended', remoteSessionEndedAt: new Date(event.occurredAt) }
        : {},
    );
  }
}
