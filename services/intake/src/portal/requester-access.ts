import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceSettings } from '@helpdesk/event-log-nest';

/**
 * Employees have no accounts: a ticket's tracking link carries an access token, an HMAC of the
 * ticket id with a key derived from AUTH_SECRET (distinct from the CSRF and session keys).
 * Unguessable, stateless, and it can be emailed; whoever holds the link follows the ticket.
 */
@Injectable()
export class RequesterAccess {
  private readonly key: Buffer;

  constructor(settings: ServiceSettings) {
    this.key = createHmac('sha256', settings.AUTH_SECRET).update('requester-access').digest();
  }

  tokenFor(ticketId: string): string {
    return createHmac('sha256', this.key).update(`ticket:${ticketId}`).digest('base64url');
  }

  matches(ticketId: string, candidate: unknown): boolean {
    if (typeof candidate !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(ticketId));
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The page where the requester follows their ticket. */
  trackingLink(ticketId: string): string {
    return `/portal/tickets/${ticketId}?access=${this.tokenFor(ticketId)}`;
  }
}
