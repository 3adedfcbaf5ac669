import { Priority, SupportLevel, TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStatus } from '@helpdesk/ticket-lifecycle';
import { BusinessCalendar, addBusinessTime, businessTimeBetween } from './business-calendar';
import { SlaTarget, ServiceLevelPolicy, targetMinutes } from './service-level-policy';
import { MINUTE_MS } from './zoned-time';

/** What a level's timers are measured by: its level, the policy and the business calendar. */
export interface ServiceLevelRules {
  readonly level: SupportLevel;
  readonly policy: ServiceLevelPolicy;
  readonly calendar: BusinessCalendar;
}

/**
 * One target of one ticket at one level. It starts when the level first gets the ticket and
 * counts business time while the level owns the ticket and works on it; it does not count
 * (is paused) while the ticket waits for the requester, is resolved, or is at another level.
 * Met by the level's first response (first-response) or resolution (resolution); a reopened
 * ticket's resolution target counts again. Each target warns and breaches once at most.
 */
export interface ServiceLevelTimer {
  readonly ticketId: string;
  readonly level: SupportLevel;
  readonly target: SlaTarget;
  readonly startedAt: string;
  /** The ticket's priority, which chooses the policy; null until the ticket has one. */
  readonly priority: Priority | null;
  /** The name of the priority's policy. */
  readonly policy: string | null;
  /** Since when the timer has not been counting; null while it counts. */
  readonly pausedSince: string | null;
  /** Business time (ms) spent not counting, up to `pausedSince`. */
  readonly pausedBusinessMs: number;
  readonly metAt: string | null;
  /** When the target falls due, in business time; null while not counting. */
  readonly dueAt: string | null;
  /** When the warning falls due (the policy's share of the target); null while not counting. */
  readonly warnAt: string | null;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
}

export type SlaState = 'ok' | 'warning' | 'breached';

/** The statuses in which the owning level is expected to be working on the ticket. */
const WORKING: ReadonlySet<TicketStatus> = new Set(['new', 'in-progress']);

/**
 * Folds an event into a timer of `rules.level`. `lifecycle` is the ticket's lifecycle with
 * the event already applied. A timer comes into being when the level first owns the ticket.
 */
export function evolveServiceLevelTimer(
  timer: ServiceLevelTimer | undefined,
  target: SlaTarget,
  event: TicketEvent,
  lifecycle: TicketLifecycle,
  rules: ServiceLevelRules,
): ServiceLevelTimer | undefined {
  const at = event.occurredAt;
  const started = timer ?? startedTimer(target, event, lifecycle, rules.level);
  if (!started) return undefined;
  const marked = { ...started, ...marksOf(started, event, rules.level) };
  const counting =
    marked.metAt === null && lifecycle.owner === rules.level && WORKING.has(lifecycle.status);
  let { pausedSince, pausedBusinessMs } = marked;
  if (counting && pausedSince !== null) {
    pausedBusinessMs += businessTimeBetween(rules.calendar, new Date(pausedSince), new Date(at));
    pausedSince = null;
  } else if (!counting && pausedSince === null) {
    pausedSince = at;
  }
  const priority = lifecycle.priority;
  const terms = priority ? rules.policy[priority] : undefined;
  const next = { ...marked, priority, policy: terms?.name ?? null, pausedSince, pausedBusinessMs };
  if (!counting || !terms) return { ...next, dueAt: null, warnAt: null };
  const targetMs = targetMinutes(terms[rules.level], target) * MINUTE_MS;
  const after = (businessMs: number) =>
    addBusinessTime(
      rules.calendar,
      new Date(next.startedAt),
      Math.round(businessMs) + pausedBusinessMs,
    ).toISOString();
  return {
    ...next,
    dueAt: after(targetMs),
    warnAt: after((targetMs * terms.warningPercent) / 100),
  };
}

function startedTimer(
  target: SlaTarget,
  event: TicketEvent,
  lifecycle: TicketLifecycle,
  level: SupportLevel,
): ServiceLevelTimer | undefined {
  if (lifecycle.owner !== level || lifecycle.status === 'closed') return undefined;
  return {
    ticketId: event.ticketId,
    level,
    target,
    startedAt: event.occurredAt,
    priority: null,
    policy: null,
    pausedSince: null,
    pausedBusinessMs: 0,
    metAt: null,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
  };
}

/** What the event itself says of the target: met, met no more, warned, breached. */
function marksOf(
  timer: ServiceLevelTimer,
  event: TicketEvent,
  level: SupportLevel,
): Partial<ServiceLevelTimer> {
  const at = event.occurredAt;
  switch (event.type) {
    case 'TicketTaken':
    case 'RequesterInformationRequested':
      return timer.target === 'first-response' && event.data.level === level
        ? { metAt: timer.metAt ?? at }
        : {};
    case 'TicketResolved':
      return event.data.level === level ? { metAt: timer.metAt ?? at } : {};
    case 'TicketReopened':
      return timer.target === 'resolution' && event.data.toLevel === level ? { metAt: null } : {};
    case 'SlaWarning':
      return event.data.level === level && event.data.target === timer.target
        ? { warnedAt: timer.warnedAt ?? at }
        : {};
    case 'SlaBreached':
      return event.data.level === level && event.data.target === timer.target
        ? { breachedAt: timer.breachedAt ?? at }
        : {};
    default:
      return {};
  }
}

/** For a queue: the worst of a ticket's timers at its level. */
export function slaStateOf(timers: readonly ServiceLevelTimer[]): SlaState {
  if (timers.some((timer) => timer.breachedAt !== null)) return 'breached';
  if (timers.some((timer) => timer.warnedAt !== null && timer.metAt === null)) return 'warning';
  return 'ok';
}
