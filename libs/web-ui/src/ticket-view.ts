import { Actor } from '@helpdesk/ticket-events';
import { badge, Tone, TimelineItem } from './components';
import { SafeHtml } from './html';

/** One event of a ticket's timeline as the read models keep it. */
export interface TimelineEntry {
  sequence: number;
  type: string;
  occurredAt: string | Date;
  actor: Actor;
  data: Record<string, unknown>;
}

const LEVELS: Record<string, string> = { L1: 'level 1', L2: 'level 2', L3: 'level 3' };
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const level = (value: unknown) => LEVELS[text(value)] ?? text(value);

const TITLES: Record<string, (data: Record<string, unknown>) => string> = {
  TicketSubmitted: (data) => `Submitted by ${text(data['channel'] ?? 'the requester')}`,
  TicketPrioritized: (data) => `Priority set to ${text(data['priority'])}`,
  TicketTaken: (data) => `Taken by ${text(data['technicianId'])}`,
  TicketEscalated: (data) => `Escalated to ${level(data['toLevel'])}`,
  TicketReturned: (data) => `Sent back to ${level(data['toLevel'])}`,
  TicketResolved: (data) => `Resolved at ${level(data['level'])}`,
  TicketReopened: (data) => `Reopened, back to ${level(data['toLevel'])}`,
  TicketClosed: () => 'Closed',
  RequesterInformationRequested: () => 'Question to the requester',
  RequesterInformationAdded: () => 'The requester added information',
  TicketDiagnosed: (data) => `Diagnosed: ${text(data['outcome'])}`,
  HardwareReturnProgressed: (data) => `Hardware return ${text(data['step'])}`,
  PhoneGuidanceNoted: () => 'Phone guidance',
  RemoteSessionStarted: () => 'Remote session started',
  RemoteSessionEnded: () => 'Remote session ended',
  SlaWarning: (data) => `SLA warning: ${text(data['target'])} due at ${level(data['level'])}`,
  SlaBreached: (data) => `SLA breached: ${text(data['target'])} at ${level(data['level'])}`,
};

/** Fields already said by the title, or too technical to show a person. */
const HIDDEN_FIELDS = new Set(['level', 'toLevel', 'fromLevel', 'technicianId', 'channel']);

/** A ticket's events as timeline items: a readable title, who did it, every other field. */
export function timelineItems(entries: readonly TimelineEntry[]): TimelineItem[] {
  return entries.map((entry) => ({
    title: (TITLES[entry.type] ?? (() => entry.type))(entry.data),
    at: entry.occurredAt,
    who: actorName(entry.actor),
    details: Object.entries(entry.data)
      .filter(([field, value]) => !HIDDEN_FIELDS.has(field) && value !== null && value !== '')
      .map(([field, value]) => [fieldLabel(field), displayValue(value)] as const),
  }));
}

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'technician':
      return `${actor.id} (${actor.level})`;
    case 'requester':
      return `requester ${actor.id}`;
    case 'integrator':
      return 'integration';
    case 'system':
      return `system (${actor.id})`;
  }
}

/** `knowledgeArticleId` → "knowledge article id". */
function fieldLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${fieldLabel(key)}: ${displayValue(inner)}`)
      .join(', ');
  }
  return '';
}

const PRIORITY_TONES: Record<string, Tone> = {
  P1: 'danger',
  P2: 'warning',
  P3: 'info',
  P4: 'neutral',
};

export function priorityBadge(priority: string | null | undefined): SafeHtml {
  return priority ? badge(priority, PRIORITY_TONES[priority] ?? 'neutral') : badge('unrated');
}

const STATUS_TONES: Record<string, Tone> = {
  new: 'info',
  'in-progress': 'warning',
  'waiting-for-requester': 'neutral',
  resolved: 'success',
  closed: 'neutral',
};

export function statusBadge(status: string): SafeHtml {
  return badge(status.replace(/-/g, ' '), STATUS_TONES[status] ?? 'neutral');
}
