import { SafeHtml, html } from '@helpdesk/web-ui';
import { RequesterMessage } from '../domain/requester-messages';

/** One email, in plain text and in HTML (every piece of ticket text escaped). */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The email a requester gets for a message. The subject ends with `[#<ticket id>]`: a reply
 * keeps it, and intake's inbound email turns such a reply into information on the ticket.
 */
export function requesterEmail(message: RequesterMessage, trackingLink: string): EmailContent {
  const summary = oneLine(message.summary);
  const reference = `[#${message.ticketId}]`;
  const greeting = `Hello ${oneLine(message.requesterName)},`;
  switch (message.kind) {
    case 'acknowledgement':
      return email({
        subject: `We received your request: ${summary} ${reference}`,
        greeting,
        lead: `We received your request "${summary}". A technician will look at it shortly.`,
        quoted: null,
        action: 'Follow your ticket, or add details, here:',
        trackingLink,
      });
    case 'question':
      return email({
        subject: `A question about your request: ${summary} ${reference}`,
        greeting,
        lead: `To move on with your request "${summary}", we need an answer from you:`,
        quoted: message.question,
        action: 'Answer on your ticket’s page:',
        trackingLink,
      });
    case 'resolution':
      return email({
        subject: `Resolved: ${summary} ${reference}`,
        greeting,
        lead: `Your request "${summary}" is resolved:`,
        quoted: message.resolution,
        action:
          'Tell us on your ticket’s page whether this solves it; if it does not, you can reopen it there:',
        trackingLink,
      });
  }
}

interface EmailParts {
  subject: string;
  greeting: string;
  lead: string;
  /** The technician's own words (question, resolution), kept as they wrote them. */
  quoted: string | null;
  action: string;
  trackingLink: string;
}

function email(parts: EmailParts): EmailContent {
  const text = [
    parts.greeting,
    '',
    parts.lead,
    ...(parts.quoted === null ? [] : ['', indent(parts.quoted)]),
    '',
    parts.action,
    parts.trackingLink,
    '',
    '— The helpdesk',
    '',
  ].join('\n');
  return { subject: parts.subject, text, html: document(parts).markup };
}

function document(parts: EmailParts): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${parts.subject}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933">
        <p>${parts.greeting}</p>
        <p>${parts.lead}</p>
        ${
          parts.quoted !== null &&
          html`<blockquote
            style="white-space: pre-wrap; border-left: 3px solid #cbd2d9; margin: 0; padding-left: 12px"
          >
            ${parts.quoted}
          </blockquote>`
        }
        <p>${parts.action}<br /><a href="${parts.trackingLink}">${parts.trackingLink}</a></p>
        <p>— The helpdesk</p>
      </body>
    </html> `;
}

/** Header-safe: a subject or a name on one line whatever was typed. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
