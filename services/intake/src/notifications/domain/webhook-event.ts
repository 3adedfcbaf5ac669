import { TicketEvent, TicketEventType } from '@helpdesk/ticket-events';
import { publicTimelineEntry } from '../../domain/public-timeline';

/**
 * The events an integrator's webhook may subscribe to: those with a public side (see
 * domain/public-timeline.ts). Internal work (a diagnosis, phone notes, a remote session link,
 * SLA alarms) never leaves the helpdesk.
 */
export const WEBHOOK_EVENT_TYPES = [
  'TicketSubmitted',
  'TicketPrioritized',
  'TicketTaken',
  'TicketEscalated',
  'TicketReturned',
  'RequesterInformationRequested',
  'RequesterInformationAdded',
  'TicketResolved',
  'TicketReopened',
  'TicketClosed',
  'HardwareReturnProgressed',
] as const satisfies readonly TicketEventType[];

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** Where the ticket stands once the event is applied, as the integrator's API shows it. */
export interface TicketStanding {
  readonly status: string;
  readonly level: string;
  readonly priority: string | null;
}

/** The JSON body of a webhook delivery (`id` is the event's: the same on every attempt). */
export interface WebhookPayload {
  readonly id: string;
  readonly type: WebhookEventType;
  readonly ticketId: string;
  readonly occurredAt: string;
  readonly data: {
    readonly sequence: number;
    readonly text: string;
    readonly details: Readonly<Record<string, string>>;
    readonly status: string;
    readonly level: string;
    readonly priority: string | null;
  };
}

/**
 * What a webhook receives of an event: its public view and where the ticket stands, or null
 * for an event nobody outside may see.
 */
export function webhookPayloadFor(
  event: TicketEvent,
  standing: TicketStanding,
): WebhookPayload | null {
  const entry = publicTimelineEntry(event);
  if (!entry || !isWebhookEventType(event.type)) return null;
  return {
    id: event.eventId,
    type: event.type,
    ticketId: event.ticketId,
    occurredAt: event.occurredAt,
    data: {
      sequence: entry.sequence,
      text: entry.text,
      details: entry.details,
      status: standing.status,
      level: standing.level,
      priority: standing.priority,
    },
  };
}
