import { ParseResult, TicketEvent } from '@helpdesk/ticket-events';

/**
 * What a record is to a projection, given the last sequence it applied of each ticket: the
 * one step that the log's batches, a rebuild and a dead-letter replay all take.
 */
export type Classification =
  | { readonly kind: 'next'; readonly event: TicketEvent }
  | { readonly kind: 'duplicate'; readonly event: TicketEvent }
  | { readonly kind: 'dead'; readonly cause: 'unparseable' | 'gap'; readonly reason: string };

export function classify(
  parsed: ParseResult<TicketEvent>,
  applied: ReadonlyMap<string, number>,
): Classification {
  if (!parsed.ok) return { kind: 'dead', cause: 'unparseable', reason: parsed.reason };
  const { event } = parsed;
  const last = applied.get(event.ticketId) ?? 0;
  if (event.sequence <= last) return { kind: 'duplicate', event };
  if (event.sequence > last + 1) {
    return {
      kind: 'dead',
      cause: 'gap',
      reason: `sequence gap on ticket ${event.ticketId}: expected ${last + 1}, got ${event.sequence}`,
    };
  }
  return { kind: 'next', event };
}
