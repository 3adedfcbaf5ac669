import { randomUUID } from 'node:crypto';
import { TicketEvent, stampTicketEvent } from '@helpdesk/ticket-events';

const LEVELS = ['low', 'medium', 'high'] as const;

/** What an integrator posts to intake's POST /api/v1/tickets. */
export interface TicketRequestBody {
  requester: { name: string; email: string; phone: string | null };
  channel: 'api';
  category: string;
  summary: string;
  description: string;
  impact: (typeof LEVELS)[number];
  urgency: (typeof LEVELS)[number];
}

/** The n-th ticket of a run: realistic sizes, varied impact and urgency. */
export function ticketRequest(n: number, category: string): TicketRequestBody {
  return {
    requester: {
      name: `Requester ${n % 997}`,
      email: `requester.${n % 997}@example.com`,
      phone: n % 2 === 0 ? `+33 1 40 00 ${String(n % 100).padStart(2, '0')} 00` : null,
    },
    channel: 'api',
    category,
    summary: `VPN drops every few minutes on laptop ${n}`,
    description:
      `Since this morning the VPN client on laptop ${n} drops the connection every five ` +
      'minutes; reconnecting works for a while. Other people on the same floor see it too. ' +
      'Error shown: "tunnel closed by peer". Tried a reboot and another network.',
    impact: LEVELS[n % 3] ?? 'medium',
    urgency: LEVELS[Math.floor(n / 3) % 3] ?? 'medium',
  };
}

/**
 * The two events intake records for that request (TicketSubmitted, TicketPrioritized), with
 * envelopes like intake's: what the raw limits produce and what tops up the log for a rebuild.
 */
export function ticketEvents(n: number, category: string, integratorId: string): TicketEvent[] {
  const request = ticketRequest(n, category);
  const ticketId = randomUUID();
  const stamp = (sequence: number, causationId: string | null) => ({
    eventId: randomUUID(),
    ticketId,
    sequence,
    occurredAt: new Date().toISOString(),
    producer: 'intake',
    correlationId: `bench-${randomUUID()}`,
    causationId,
    actor: { kind: 'integrator' as const, id: integratorId },
  });
  const submitted = stampTicketEvent({ type: 'TicketSubmitted', data: request }, stamp(1, null));
  const prioritized = stampTicketEvent(
    {
      type: 'TicketPrioritized',
      data: { impact: request.impact, urgency: request.urgency, priority: 'P2' },
    },
    stamp(2, submitted.eventId),
  );
  return [submitted, prioritized];
}
