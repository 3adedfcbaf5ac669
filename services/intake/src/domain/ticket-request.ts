import { createHash } from 'node:crypto';
import {
  Channel,
  Impact,
  TicketEventDraft,
  Urgency,
  currentTicketEvents,
} from '@helpdesk/ticket-events';
import { PriorityMatrix, priorityOf } from '@helpdesk/ticket-lifecycle';
import { isStorableText } from './storable-text';

/** What a requester asks for, whichever way it came in (API, portal, email, phone). */
export interface TicketRequest {
  /** `phone`: a number to call the requester back on, when they left one. */
  readonly requester: {
    readonly name: string;
    readonly email: string;
    readonly phone: string | null;
  };
  readonly channel: Channel;
  readonly category: string;
  readonly summary: string;
  readonly description: string;
  readonly impact: Impact;
  readonly urgency: Urgency;
}

/** The request does not fit the TicketSubmitted contract; `field` names where. */
export class InvalidTicketRequestError extends Error {
  override readonly name = 'InvalidTicketRequestError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/**
 * A new ticket's first two events: the request as submitted, and its priority from the
 * impact × urgency matrix. The data is checked against the published event schemas here, so
 * intake never puts on the log an event that a consumer would send to the dead letters.
 */
export function decideNewTicket(
  request: TicketRequest,
  matrix: PriorityMatrix,
): [TicketEventDraft<'TicketSubmitted'>, TicketEventDraft<'TicketPrioritized'>] {
  const data = {
    requester: {
      name: request.requester.name,
      email: request.requester.email,
      phone: request.requester.phone,
    },
    channel: request.channel,
    category: request.category,
    summary: request.summary,
    description: request.description,
    impact: request.impact,
    urgency: request.urgency,
  };
  const texts: [string, string][] = [
    ['requester.name', data.requester.name],
    ['requester.email', data.requester.email],
    ['category', data.category],
    ['summary', data.summary],
    ['description', data.description],
  ];
  for (const [field, text] of texts) {
    if (!isStorableText(text)) {
      throw new InvalidTicketRequestError(field, 'contains characters that cannot be stored');
    }
  }
  const checked = currentTicketEvents.TicketSubmitted.data.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InvalidTicketRequestError(
      issue?.path.map(String).join('.') || 'body',
      issue?.message ?? 'invalid',
    );
  }
  return [
    { type: 'TicketSubmitted', data: checked.data },
    {
      type: 'TicketPrioritized',
      data: {
        impact: request.impact,
        urgency: request.urgency,
        priority: priorityOf(request.impact, request.urgency, matrix),
      },
    },
  ];
}

/**
 * The idempotency fingerprint of a ticket request. A request without a phone has the
 * fingerprint it had before requests could carry one, so that a client retrying across the
 * upgrade, with the same key and body, gets its ticket back rather than a 422.
 */
export function ticketRequestFingerprint(request: TicketRequest): string {
  const { phone, ...requester } = request.requester;
  return requestFingerprint(phone === null ? { ...request, requester } : request);
}

/**
 * The fingerprint of a request for idempotency: SHA-256 of its canonical JSON (keys sorted at
 * every depth, so the order the client sent them in does not matter).
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
