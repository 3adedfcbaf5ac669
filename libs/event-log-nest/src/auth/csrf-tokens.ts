import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceSettings } from '../service.settings';

/**
 * CSRF tokens bound to a cookie's value (the session, or the sign-in form's nonce): an HMAC of
 * it with AUTH_SECRET. A page from another site can make the browser send the cookie, but
 * cannot read it, so it cannot compute the token a form must carry.
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(settings: ServiceSettings) {
    this.key = createHmac('sha256', settings.AUTH_SECRET).update('csrf').digest();
  }

  for(cookieValue: string): string {
    return createHmac('sha256', this.key).update(cookieValue).digest('base64url');
  }

  matches(cookieValue: string, candidate: unknown): boolean {
    if (typeof candidate !== 'string') return false;
    const expected = Buffer.from(this.for(cookieValue));
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
