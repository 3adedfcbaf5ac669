import { Injectable } from '@nestjs/common';
import { CookieOptions, Request, Response } from 'express';
import { ServiceSettings } from '../service.settings';

export const SESSION_COOKIE = 'helpdesk_session';

/**
 * The technician's session token in a cookie: HttpOnly (no script reads it), SameSite=Lax (not
 * sent with cross-site posts), Secure whenever the request came over TLS.
 */
@Injectable()
export class SessionCookie {
  constructor(private readonly settings: ServiceSettings) {}

  read(request: Request): string | undefined {
    const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[
      SESSION_COOKIE
    ];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  write(request: Request, response: Response, token: string, maxAgeSeconds: number): void {
    response.cookie(SESSION_COOKIE, token, {
      ...this.options(request),
      maxAge: maxAgeSeconds * 1000,
    });
  }

  clear(request: Request, response: Response): void {
    response.clearCookie(SESSION_COOKIE, this.options(request));
  }

  private options(request: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/',
      domain: this.settings.SESSION_COOKIE_DOMAIN,
    };
  }
}
