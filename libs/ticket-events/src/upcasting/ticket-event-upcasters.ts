import { Upcaster, UpcasterRegistry } from './upcaster-registry';

/**
 * TicketSubmitted 1 → 2: version 1 had no callback phone; the requester of such a ticket left
 * none. Anything else is kept as it was, for the version 2 schema to judge.
 */
export const ticketSubmittedV1ToV2: Upcaster = (data) => {
  const requester = data['requester'];
  if (typeof requester !== 'object' || requester === null || Array.isArray(requester)) {
    return data;
  }
  return { ...data, requester: { ...requester, phone: null } };
};

/** The upcasters of the ticket event catalog, one per `type@version` step (docs/events.md). */
export const ticketEventUpcasters = new UpcasterRegistry().register(
  'TicketSubmitted',
  1,
  ticketSubmittedV1ToV2,
);
