import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { ProjectionContext } from '@helpdesk/event-log';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
} from '@helpdesk/event-log-nest';
import { SLA_TARGETS, ServiceLevelRules, evolveServiceLevelTimer } from '@helpdesk/service-levels';
import { ServiceLevelTimerStore } from './service-level-timer.store';
import { SERVICE_LEVEL_RULES } from './service-level.tokens';

/**
 * The tier's timers, folded from every event that moves them, in the projection's transaction
 * (and in the command's, for the tier's own events): after the kernel has folded the event
 * into the ticket's lifecycle, which the timers follow.
 */
@TicketEventHandlers()
export class ServiceLevelTimersProjection {
  constructor(
    private readonly timers: ServiceLevelTimerStore,
    private readonly stream: TicketEventStream,
    @Inject(SERVICE_LEVEL_RULES) private readonly rules: ServiceLevelRules,
  ) {}

  @OnTicketEvent(
    'TicketSubmitted',
    'TicketPrioritized',
    'TicketTaken',
    'TicketEscalated',
    'TicketReturned',
    'TicketResolved',
    'TicketReopened',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'SlaWarning',
    'SlaBreached',
  )
  async apply(@Payload() event: TicketEvent, @Ctx() { manager }: ProjectionContext): Promise<void> {
    const lifecycle = await this.stream.lifecycle.load(manager, event.ticketId);
    if (!lifecycle) return;
    // A ticket's first event: it has no timer yet, no need to ask.
    const current = event.sequence === 1 ? [] : await this.timers.load(manager, event.ticketId);
    const changed = SLA_TARGETS.flatMap((target) => {
      const timer = current.find((candidate) => candidate.target === target);
      return evolveServiceLevelTimer(timer, target, event, lifecycle, this.rules) ?? [];
    });
    await this.timers.save(manager, changed);
  }

  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await this.timers.clear(manager);
  }
}
