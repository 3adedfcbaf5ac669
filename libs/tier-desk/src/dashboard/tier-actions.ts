import { Injectable, NotFoundException, ParseUUIDPipe } from '@nestjs/common';
import { Response } from 'express';
import { setFlash } from '@helpdesk/event-log-nest';
import { Flash, HtmlValue, SafeHtml, actionForm, html, textArea } from '@helpdesk/web-ui';

/** A ticket's page on a tier dashboard. */
export function ticketPath(ticketId: string): string {
  return `/dashboard/tickets/${encodeURIComponent(ticketId)}`;
}

/** Where a form of the ticket's page posts an action (`take`, `resolve`…). */
export function ticketActionPath(ticketId: string, action: string): string {
  return `${ticketPath(ticketId)}/${action}`;
}

/** A ticket id in a dashboard URL: anything but a UUID is a ticket that does not exist (404). */
@Injectable()
export class DashboardTicketIdPipe extends ParseUUIDPipe {
  constructor() {
    super({ exceptionFactory: () => new NotFoundException('There is no such ticket.') });
  }
}

/**
 * After a form's action: back to the ticket's page (303) with a message on top, a notice of what
 * was done or an error that says why it was refused.
 */
export function backToTicket(
  response: Response,
  ticketId: string,
  text: string,
  kind: Flash['kind'] = 'notice',
): void {
  setFlash(response, { kind, text });
  response.redirect(303, ticketPath(ticketId));
}

/** A form field's id, unique on a ticket's page: several forms ask for a reason or notes. */
export function fieldId(action: string, name: string): string {
  return `${action.replace(/[^a-z0-9]+/gi, '-')}-${name}`;
}

/** "Take": from nobody, or over from a colleague. */
export function takeForm(options: {
  ticketId: string;
  csrfToken: string;
  assignee: string | null;
  /** What the technician should know first (e.g. the skill it needs). */
  hint?: HtmlValue;
}): SafeHtml {
  return actionForm({
    action: ticketActionPath(options.ticketId, 'take'),
    title: options.assignee ? `Take over from ${options.assignee}` : 'Take this ticket',
    csrfToken: options.csrfToken,
    submit: 'Take',
    fields: options.hint === undefined ? undefined : html`<p class="hint">${options.hint}</p>`,
  });
}

/** "Resolve", with what solved it (the requester reads it). */
export function resolveForm(options: { ticketId: string; csrfToken: string }): SafeHtml {
  return actionForm({
    action: ticketActionPath(options.ticketId, 'resolve'),
    title: 'Resolve',
    csrfToken: options.csrfToken,
    submit: 'Resolve',
    fields: textArea({
      name: 'resolution',
      id: fieldId('resolve', 'resolution'),
      label: 'Resolution',
      required: true,
      maxLength: 10_000,
      rows: 4,
      hint: 'The requester reads it, then confirms or reopens the ticket.',
    }),
  });
}

/** An action that moves the ticket to another tier, with the reason (escalate, send back…). */
export function reasonForm(options: {
  ticketId: string;
  csrfToken: string;
  /** The last segment of the action's URL. */
  action: string;
  title: string;
  submit: string;
  label?: string;
  hint?: string;
  /** More fields, after the reason (the domain of an escalation). */
  fields?: HtmlValue;
  tone?: 'primary' | 'secondary' | 'danger';
}): SafeHtml {
  return actionForm({
    action: ticketActionPath(options.ticketId, options.action),
    title: options.title,
    csrfToken: options.csrfToken,
    submit: options.submit,
    tone: options.tone ?? 'secondary',
    fields: html`${textArea({
      name: 'reason',
      id: fieldId(options.action, 'reason'),
      label: options.label ?? 'Reason',
      required: true,
      maxLength: 2_000,
      hint: options.hint,
    })}
    ${options.fields}`,
  });
}
