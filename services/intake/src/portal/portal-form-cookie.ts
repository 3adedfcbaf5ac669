import { ForbiddenException, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { CsrfTokens } from '@helpdesk/event-log-nest';

/** The portal's own CSRF cookie: requesters have no session to bind a form's token to. */
const FORM_COOKIE = 'helpdesk_portal';

/**
 * CSRF for the portal's forms, the way the sign-in form does it: a random nonce in an HttpOnly
 * cookie, and in each form an HMAC of it (CsrfTokens). A page of another site can make the
 * browser post, but cannot read the cookie, so it cannot compute the token.
 */
@Injectable()
export class PortalFormCookie {
  constructor(private readonly csrf: CsrfTokens) {}

  /** The token for this page's forms; sets the cookie when the browser has none yet. */
  tokenFor(request: Request, response: Response): string {
    const nonce = this.nonceOf(request) ?? newFormNonce();
    response.cookie(FORM_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/portal',
    });
    return this.csrf.for(nonce);
  }

  /** Whether the form carries the token of this browser's cookie. */
  accepts(request: Request, candidate: unknown): boolean {
    const nonce = this.nonceOf(request);
    return nonce !== undefined && this.csrf.matches(nonce, candidate);
  }

  /** Throws 403 unless the form carries the token of this browser's cookie. */
  check(request: Request, candidate: unknown): void {
    if (!this.accepts(request, candidate)) {
      throw new ForbiddenException(
        'The form had expired or did not come from this site. Go back, reload the page and try again.',
      );
    }
  }

  private nonceOf(request: Request): string | undefined {
    const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[FORM_COOKIE];
    return typeof value === 'string' && isFormNonce(value) ? value : undefined;
  }
}

/** 24 random bytes, base64url: the CSRF cookie's value, and the new-ticket form's own id. */
export function newFormNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function isFormNonce(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{32}$/.test(value);
}
