import { randomUUID } from 'node:crypto';
import {
  Impact,
  SupportLevel,
  TicketEventDraft,
  Urgency,
  stampTicketEvent,
} from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle, priorityOf } from '@helpdesk/ticket-lifecycle';
import { DEFAULT_BUSINESS_CALENDAR } from '../../src/business-calendar';
import {
  DEFAULT_SERVICE_LEVEL_POLICY,
  SLA_TARGETS,
  SlaTarget,
} from '../../src/service-level-policy';
import {
  ServiceLevelRules,
  ServiceLevelTimer,
  evolveServiceLevelTimer,
} from '../../src/service-level-timer';

export const defaultRules = (level: SupportLevel): ServiceLevelRules => ({
  level,
  policy: DEFAULT_SERVICE_LEVEL_POLICY,
  calendar: DEFAULT_BUSINESS_CALENDAR,
});

/**
 * A ticket's events as one level sees them: its lifecycle and that level's timers, folded the
 * way the level's read model folds them. Starts with a submission and its priority.
 */
export class TicketStory {
  readonly ticketId = randomUUID();
  lifecycle!: TicketLifecycle;
  private readonly timers = new Map<SlaTarget, ServiceLevelTimer | undefined>();
  private sequence = 0;

  constructor(
    readonly rules: ServiceLevelRules,
    submittedAt: string,
    impact: Impact = 'high',
    urgency: Urgency = 'high',
  ) {
    this.happen(submittedAt, {
      type: 'TicketSubmitted',
      data: {
        requester: { name: 'Ada', email: 'ada@example.com', phone: null },
        channel: 'portal',
        category: 'network',
        summary: 'VPN down',
        description: 'Nobody can connect',
        impact,
        urgency,
      },
    });
    this.happen(submittedAt, {
      type: 'TicketPrioritized',
      data: { impact, urgency, priority: priorityOf(impact, urgency) },
    });
  }

  happen(at: string, draft: TicketEventDraft): this {
    const event = stampTicketEvent(draft, {
      eventId: randomUUID(),
      ticketId: this.ticketId,
      sequence: ++this.sequence,
      occurredAt: at,
      producer: 'test',
      correlationId: this.ticketId,
      causationId: null,
      actor: { kind: 'system', id: 'test' },
    });
    this.lifecycle = evolveLifecycle(this.sequence === 1 ? undefined : this.lifecycle, event);
    for (const target of SLA_TARGETS) {
      this.timers.set(
        target,
        evolveServiceLevelTimer(this.timers.get(target), target, event, this.lifecycle, this.rules),
      );
    }
    return this;
  }

  timer(target: SlaTarget): ServiceLevelTimer | undefined {
    return this.timers.get(target);
  }

  allTimers(): ServiceLevelTimer[] {
    return [...this.timers.values()].filter((timer) => timer !== undefined);
  }
}
