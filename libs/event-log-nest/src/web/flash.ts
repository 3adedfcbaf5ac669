import { Request, Response } from 'express';
import { Flash } from '@helpdesk/web-ui';

const FLASH_COOKIE = 'helpdesk_flash';

/** A one-time message for the next page (after a form's redirect): "Ticket taken", an error. */
export function setFlash(response: Response, flash: Flash): void {
  response.cookie(FLASH_COOKIE, JSON.stringify(flash), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 60_000,
  });
}

/**
 * The header live.js sends with its background refreshes: they take only the live regions of a
 * page, never its one-time message, so they must leave that for the page the browser is
 * about to show (a refresh can race the redirect after a form).
 */
const LIVE_REFRESH_HEADER = 'x-live-refresh';

/** Reads the message left for this page, and removes it (not for a live refresh). */
export function takeFlash(request: Request, response: Response): Flash | undefined {
  if (request.headers[LIVE_REFRESH_HEADER] !== undefined) return undefined;
  const raw: unknown = (request.cookies as Record<string, unknown> | undefined)?.[FLASH_COOKIE];
  if (typeof raw !== 'string') return undefined;
  response.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const flash = JSON.parse(raw) as Partial<Flash>;
    if ((flash.kind === 'notice' || flash.kind === 'error') && typeof flash.text === 'string') {
      return { kind: flash.kind, text: flash.text.slice(0, 500) };
    }
  } catch {
    // A cookie someone edited by hand: no message.
  }
  return undefined;
}
