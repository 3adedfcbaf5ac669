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
  constructor(private readonly stream: TicketEventStream) {}

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    const integratorKeyId =
      event.actor.kind === 'integrator' && UUID.test(event.actor.id) ? event.actor.id : null;
    await manager.upsert(
      RequesterTicket,
      {
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
      },
      ['ticketId'],
    );
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketTaken')
  async taken(
    @Payload() event: TicketEventOfType<'TicketTaken'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketEscalated')
  async escalated(
    @Payload() event: TicketEventOfType<'TicketEscalated'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketReturned')
  async returned(
    @Payload() event: TicketEventOfType<'TicketReturned'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketResolved')
  async resolved(
    @Payload() event: TicketEventOfType<'TicketResolved'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketReopened')
  async reopened(
    @Payload() event: TicketEventOfType<'TicketReopened'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketClosed')
  async closed(
    @Payload() event: TicketEventOfType<'TicketClosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('RequesterInformationRequested')
  async informationRequested(
    @Payload() event: TicketEventOfType<'RequesterInformationRequested'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('RequesterInformationAdded')
  async informationAdded(
    @Payload() event: TicketEventOfType<'RequesterInformationAdded'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('HardwareReturnProgressed')
  async hardwareReturnProgressed(
    @Payload() event: TicketEventOfType<'HardwareReturnProgressed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('TicketDiagnosed')
  async diagnosed(
    @Payload() event: TicketEventOfType<'TicketDiagnosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('PhoneGuidanceNoted')
  async phoneGuidanceNoted(
    @Payload() event: TicketEventOfType<'PhoneGuidanceNoted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('RemoteSessionStarted')
  async remoteSessionStarted(
    @Payload() event: TicketEventOfType<'RemoteSessionStarted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.project(event, manager);
  }

  @OnTicketEvent('RemoteSessionEnded')
  async remoteSessionEnded(
    @Payload() event: TicketEventOfType<'RemoteSessionEnded'>,
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
    const state = await this.stream.lifecycle.load(manager, event.ticketId);
    if (!state) return;
    await manager.update(
      RequesterTicket,
      { ticketId: event.ticketId },
      {
        status: state.status,
        level: state.owner,
        priority: state.priority,
        updatedAt: new Date(state.updatedAt),
      },
    );
  }
}
