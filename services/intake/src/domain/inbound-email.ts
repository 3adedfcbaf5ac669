import { storableText, truncateText } from './storable-text';
import { TicketRequest } from './ticket-request';

/** The parts of a parsed RFC 5322 message intake uses. */
export interface InboundEmail {
  readonly from?: { readonly address: string; readonly name: string };
  readonly subject: string;
  readonly text: string;
  readonly messageId?: string;
}

export const MAX_SUMMARY = 200;
export const MAX_TEXT = 10_000;
const TRUNCATED = '\n[… message truncated]';

const REFERENCE = /\[#([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/i;

/** The ticket a subject refers to (`Re: VPN down [#<ticket id>]`), lower-cased, if any. */
export function ticketReferenceIn(subject: string): string | undefined {
  return REFERENCE.exec(subject)?.[1]?.toLowerCase();
}

/** Why a message cannot become a ticket or a reply, or undefined when it can. */
export function emailRefusal(email: InboundEmail): string | undefined {
  if (!email.from?.address) return 'the message has no From address';
  if (email.text.trim().length === 0) return 'the message has no text';
  return undefined;
}

/** A new ticket from a message: summary from the subject, description from the text. */
export function ticketRequestFromEmail(
  email: InboundEmail & { from: { address: string; name: string } },
  category: string,
): TicketRequest {
  const subject = collapse(email.subject.replace(REFERENCE, ''));
  const firstLine = email.text
    .split('\n')
    .map(collapse)
    .find((line) => line.length > 0);
  return {
    requester: {
      name: truncate(collapse(email.from.name) || email.from.address, 200, '…'),
      email: email.from.address,
      phone: null,
    },
    channel: 'email',
    category,
    summary: truncate(subject || firstLine || '(no subject)', MAX_SUMMARY, '…'),
    description: messageText(email.text),
    impact: 'medium',
    urgency: 'medium',
  };
}

/** The text of a message, bounded like the events it goes into. */
export function messageText(text: string): string {
  return truncate(text.trim(), MAX_TEXT, TRUNCATED);
}

/** A reply by email counts only from the ticket's requester (compared case-insensitively). */
export function isFromRequester(email: InboundEmail, requesterEmail: string): boolean {
  return email.from?.address.toLowerCase() === requesterEmail.toLowerCase();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max: number, marker: string): string {
  return truncateText(storableText(text), max, marker);
}
