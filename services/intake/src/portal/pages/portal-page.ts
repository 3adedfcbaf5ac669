import { HtmlValue, PageOptions, SafeHtml, html, messagePage, page } from '@helpdesk/web-ui';
import { FieldError } from '../new-ticket-form';

export const PORTAL_AREA = { name: 'IT Support portal', href: '/portal' } as const;

/** A page of the portal: the shared shell, the portal's area, no user (requesters sign in nowhere). */
export function portalPage(options: Omit<PageOptions, 'area' | 'user' | 'nav'>): SafeHtml {
  return page({ ...options, area: PORTAL_AREA });
}

/** A refusal or a failure, with the way back to the portal. */
export function portalMessagePage(title: string, message: string): SafeHtml {
  return messagePage({
    title,
    message,
    area: PORTAL_AREA,
    link: { label: 'Back to the portal', href: '/portal' },
  });
}

/** The message under a field that is wrong, if it is. */
export function fieldErrors(errors: readonly FieldError[], field: string): HtmlValue {
  return errors
    .filter((error) => error.field === field)
    .map((error) => html`<small class="field-error" id="error-${field}">${error.message}</small>`);
}
