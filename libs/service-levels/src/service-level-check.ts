import { SupportLevel, TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { SLA_TARGETS, ServiceLevelPolicy } from './service-level-policy';
import { ServiceLevelTimer } from './service-level-timer';

/** A breach that, by policy, hands the ticket to another level. */
export interface BreachEscalation {
  readonly toLevel: SupportLevel;
  /** `SLA breached: ...`, the escalation's reason. */
  readonly reason: string;
}

/**
 * How the owning level escalates: its own escalation rule, so an escalation by policy obeys
 * the same rules as one by a technician. Throws TicketStateError when it may not escalate now.
 */
export type EscalationDecision = (
  state: TicketLifecycle,
  escalation: BreachEscalation,
) => readonly TicketEventDraft[];

/** The rule every level shares: a resolved ticket waits for its requester, it is not escalated. */
export const escalateWhileOpen: EscalationDecision = (state, { toLevel, reason }) => {
  if (state.status === 'resolved') {
    throw new TicketStateError(`ticket ${state.ticketId} is resolved`);
  }
  return [
    {
      type: 'TicketEscalated',
      data: { fromLevel: state.owner, toLevel, reason, domain: null },
    } satisfies TicketEventDraft<'TicketEscalated'>,
  ];
};

/**
 * What is due now on a ticket's timers at the level that owns it: a warning for each target
 * past its warning point, a breach for each target past its due time (its warning then goes
 * unsaid), each once; and when the policy says so, the escalation a breach brings. Run under
 * the ticket's lock, with the timers as the same transaction reads them, so that a second
 * check (a restart, another replica) finds them warned or breached already.
 */
export function decideServiceLevelCheck(
  state: TicketLifecycle,
  timers: readonly ServiceLevelTimer[],
  now: Date,
  policy: ServiceLevelPolicy,
  escalate: EscalationDecision = escalateWhileOpen,
): TicketEventDraft[] {
  const drafts: TicketEventDraft[] = [];
  let escalation: BreachEscalation | undefined;
  for (const target of SLA_TARGETS) {
    const timer = timers.find((candidate) => candidate.target === target);
    if (!timer || timer.level !== state.owner || !isCounting(timer)) continue;
    const data = { level: timer.level, target, dueAt: timer.dueAt, policy: timer.policy };
    if (Date.parse(timer.dueAt) <= now.getTime()) {
      drafts.push({ type: 'SlaBreached', data } satisfies TicketEventDraft<'SlaBreached'>);
      const toLevel = policy[timer.priority][timer.level].escalateOnBreach;
      escalation ??= toLevel
        ? {
            toLevel,
            reason: `SLA breached: the ${target} target of ${timer.policy} at ${timer.level} was due ${timer.dueAt}`,
          }
        : undefined;
    } else if (timer.warnedAt === null && Date.parse(timer.warnAt) <= now.getTime()) {
      drafts.push({ type: 'SlaWarning', data } satisfies TicketEventDraft<'SlaWarning'>);
    }
  }
  if (escalation) drafts.push(...escalationDrafts(state, escalation, escalate));
  return drafts;
}

interface CountingTimer extends ServiceLevelTimer {
  readonly priority: NonNullable<ServiceLevelTimer['priority']>;
  readonly policy: string;
  readonly dueAt: string;
  readonly warnAt: string;
  readonly breachedAt: null;
}

/** Counting toward a target not yet breached. */
function isCounting(timer: ServiceLevelTimer): timer is CountingTimer {
  return (
    timer.breachedAt === null &&
    timer.metAt === null &&
    timer.pausedSince === null &&
    timer.priority !== null &&
    timer.policy !== null &&
    timer.dueAt !== null &&
    timer.warnAt !== null
  );
}

/** The level's rules may refuse to escalate now: the breach still stands, the ticket stays. */
function escalationDrafts(
  state: TicketLifecycle,
  escalation: BreachEscalation,
  escalate: EscalationDecision,
): readonly TicketEventDraft[] {
  try {
    return escalate(state, escalation);
  } catch (error) {
    if (error instanceof TicketStateError) return [];
    throw error;
  }
}
