import {
  Flash,
  SafeHtml,
  TimelineItem,
  actionForm,
  html,
  priorityBadge,
  statusBadge,
  textArea,
  timeAgo,
  timeline,
} from '@helpdesk/web-ui';
import { SupportLevel } from '@helpdesk/ticket-events';
import { PublicTimelineRow } from '../../read-model/public-timeline-row.entity';
import { RequesterTicket } from '../../read-model/requester-ticket.entity';
import { portalPage } from './portal-page';

export interface TicketPageOptions {
  ticket: RequesterTicket;
  timeline: readonly PublicTimelineRow[];
  /** The category's name in the guide (its id when the guide no longer has it). */
  categoryName: string;
  /** The ticket's access token: every form carries it back. */
  access: string;
  csrfToken: string;
  flash?: Flash;
  now?: Date;
}

const LEVELS: Record<SupportLevel, string> = {
  L1: 'Level 1 · front line',
  L2: 'Level 2 · back office',
  L3: 'Level 3 · specialists',
};

/**
 * A ticket as its requester follows it: where it stands, what happened (the public timeline
 * only), and what they can do now (answer, add information, confirm or reopen).
 */
export function ticketPage(options: TicketPageOptions): SafeHtml {
  const { ticket } = options;
  const now = options.now ?? new Date();
  const submitted = options.timeline.find((entry) => entry.type === 'TicketSubmitted');
  return portalPage({
    title: ticket.summary,
    csrfToken: options.csrfToken,
    flash: options.flash,
    body: html`<div class="page-head">
        <div>
          <h1>${ticket.summary}</h1>
          <p class="muted">Ticket ${ticket.ticketId} · ${options.categoryName}</p>
        </div>
        <a href="/portal">Open another ticket</a>
      </div>
      <div class="columns">
        <div>
          <section class="panel" id="ticket-state" data-live-region aria-label="Where it stands">
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <span data-ticket-status="${ticket.status}">${statusBadge(ticket.status)}</span>
              </dd>
              <dt>Handled by</dt>
              <dd>${LEVELS[ticket.level]}</dd>
              <dt>Priority</dt>
              <dd>${priorityBadge(ticket.priority)}</dd>
              <dt>Submitted</dt>
              <dd>${timeAgo(ticket.createdAt, now)}</dd>
              <dt>Last change</dt>
              <dd>${timeAgo(ticket.updatedAt, now)}</dd>
            </dl>
          </section>
          ${
            submitted &&
            html`<section class="panel">
              <h2>Your request</h2>
              <div class="description">${submitted.publicText}</div>
            </section>`
          }
          <section class="panel" id="ticket-timeline" data-live-region>
            <h2>What happened</h2>
            ${timeline(options.timeline.map(timelineItem), now)}
          </section>
        </div>
        <aside class="panel" id="ticket-actions">${actions(options)}</aside>
      </div>`,
  });
}

/** What the requester can do with the ticket as it stands; the owning level still decides. */
function actions(options: TicketPageOptions): SafeHtml {
  const { ticket, csrfToken } = options;
  const base = `/portal/tickets/${ticket.ticketId}`;
  const access = html`<input type="hidden" name="access" value="${options.access}" />`;
  const latest = (type: string) => options.timeline.findLast((entry) => entry.type === type);
  switch (ticket.status) {
    case 'waiting-for-requester': {
      const question = latest('RequesterInformationRequested');
      return html`<h2>IT support needs your answer</h2>
        ${question && html`<p class="description">${question.publicText}</p>`}
        ${actionForm({
          action: `${base}/replies`,
          title: 'Your answer',
          csrfToken,
          submit: 'Send my answer',
          fields: html`${access}
          ${textArea({ name: 'message', label: 'Answer', required: true, maxLength: 10_000, rows: 5 })}`,
        })}`;
    }
    case 'resolved': {
      const resolution = latest('TicketResolved');
      return html`<h2>Is your problem solved?</h2>
        ${resolution && html`<p class="description">${resolution.publicText}</p>`}
        ${actionForm({
          action: `${base}/confirmation`,
          title: 'It works again',
          csrfToken,
          submit: "Yes, it's solved",
          fields: access,
        })}
        ${actionForm({
          action: `${base}/reopening`,
          title: 'It is not solved',
          csrfToken,
          submit: 'Reopen the ticket',
          tone: 'secondary',
          fields: html`${access}
          ${textArea({
            name: 'reason',
            label: 'What is still wrong?',
            required: true,
            maxLength: 2_000,
            rows: 3,
          })}`,
        })}`;
    }
    case 'closed':
      return html`<h2>This ticket is closed</h2>
        <p>If the problem comes back or you have another one, open a new ticket.</p>
        <p><a class="button" href="/portal">Open a new ticket</a></p>`;
    case 'new':
    case 'in-progress':
      return html`<h2>Something to add?</h2>
        <p class="muted">IT support is on it. Add anything that may help.</p>
        ${actionForm({
          action: `${base}/replies`,
          title: 'Add information',
          csrfToken,
          submit: 'Add to the ticket',
          tone: 'secondary',
          fields: html`${access}
          ${textArea({ name: 'message', label: 'Information', required: true, maxLength: 10_000, rows: 4 })}`,
        })}`;
  }
}

/** A public step in the requester's words; the text is theirs or written for them (escaped). */
function timelineItem(entry: PublicTimelineRow): TimelineItem {
  const item = (title: string, who: string, detail?: readonly [string, string]): TimelineItem => ({
    title,
    who,
    at: entry.occurredAt,
    details: detail ? [detail] : [],
  });
  const text = entry.publicText;
  switch (entry.type) {
    case 'TicketSubmitted':
      return item('You submitted the ticket', 'You');
    case 'RequesterInformationRequested':
      return item('IT support asked you a question', 'IT support', ['Question', text]);
    case 'RequesterInformationAdded':
      return item('You added information', 'You', ['Message', text]);
    case 'TicketResolved':
      return item('Resolved', 'IT support', ['Solution', text]);
    case 'TicketReopened':
      return item('You reopened the ticket', 'You', ['Reason', text]);
    case 'TicketClosed':
      return item(
        text,
        entry.details['reason'] === 'confirmed-by-requester' ? 'You' : 'IT support',
      );
    default:
      return item(text, 'IT support');
  }
}
