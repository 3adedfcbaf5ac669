import { TicketEvent } from '@helpdesk/ticket-events';

/** The ticket facts every message to its requester carries. */
export interface NotifiedTicket {
  readonly ticketId: string;
  readonly requesterName: string;
  readonly summary: string;
}

/**
 * What the requester of a ticket hears about, by email: that their request arrived, that the
 * owning level asks them something, that it is resolved. Stored with the notification when the
 * event is projected, so the words sent are the event's even if the read model is rebuilt.
 */
export type RequesterMessage =
  | (NotifiedTicket & { readonly kind: 'acknowledgement' })
  | (NotifiedTicket & { readonly kind: 'question'; readonly question: string })
  | (NotifiedTicket & { readonly kind: 'resolution'; readonly resolution: string });

/**
 * The message an event sends its requester, or null. The switch is exhaustive: a new event type
 * does not compile until someone decides whether the requester hears about it.
 */
export function requesterMessageFor(
  event: TicketEvent,
  ticket: NotifiedTicket,
): RequesterMessage | null {
  const about: NotifiedTicket = {
    ticketId: ticket.ticketId,
    requesterName: ticket.requesterName,
    summary: ticket.summary,
  };
  switch (event.type) {
    case 'TicketSubmitted':
      return { ...about, kind: 'acknowledgement' };
    case 'RequesterInformationRequested':
      return { ...about, kind: 'question', question: event.data.question };
    case 'TicketResolved':
      return { ...about, kind: 'resolution', resolution: event.data.resolution };
    case 'TicketPrioritized':
    case 'TicketTaken':
    case 'TicketEscalated':
    case 'TicketReturned':
    case 'TicketReopened':
    case 'TicketClosed':
    case 'RequesterInformationAdded':
    case 'TicketDiagnosed':
    case 'HardwareReturnProgressed':
    case 'PhoneGuidanceNoted':
    case 'RemoteSessionStarted':
    case 'RemoteSessionEnded':
    case 'SlaWarning':
    case 'SlaBreached':
      return null;
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`no requester notification decided for ${JSON.stringify(event)}`);
}
