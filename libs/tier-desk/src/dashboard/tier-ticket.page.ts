import { LEVEL_NAMES, Viewer } from '@helpdesk/event-log-nest';
import { SupportLevel } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import {
  HtmlValue,
  SafeHtml,
  html,
  page,
  phoneLink,
  priorityBadge,
  statusBadge,
  timeAgo,
  timeline,
  timelineItems,
} from '@helpdesk/web-ui';
import { RequesterView, TimelineEntryView } from '../http/tier.views';

/** What a tier's ticket page shows of every ticket (both tiers' ticket views have it). */
export interface TierTicketDetails {
  ticketId: string;
  owner: SupportLevel;
  status: TicketStatus;
  assignee: string | null;
  summary: string;
  description: string;
  category: string;
  /** How it was submitted (portal, email…), when the tier knows. */
  channel: string | null;
  requester: RequesterView;
  priority: string | null;
  /** Why the level below escalated it (the latest escalation to the tier). */
  escalationReason: string | null;
  /** How it came to the tier this time, while it is in the tier's queue. */
  arrivedBy: string | null;
  arrivalReason: string | null;
  submittedAt: string;
  firstReachedAt: string;
  timeline: readonly TimelineEntryView[];
}

const LEVEL_NUMBERS: Record<SupportLevel, number> = { L1: 1, L2: 2, L3: 3 };

/** How a ticket came to the tier, in a word or two (queue column). */
export function arrivalLabel(arrivedBy: string | null): string {
  switch (arrivedBy) {
    case 'escalation':
      return 'escalated';
    case 'return':
      return 'handed back';
    case 'reopening':
      return 'reopened';
    default:
      return '—';
  }
}

/** "Escalated by level 1 because", "Handed back by level 3 because"… */
function arrivalHeading(level: SupportLevel, arrivedBy: string | null): string {
  const number = LEVEL_NUMBERS[level];
  switch (arrivedBy) {
    case 'return':
      return `Handed back by level ${number + 1} because`;
    case 'reopening':
      return 'Reopened by the requester because';
    default:
      return `Escalated by level ${number - 1} because`;
  }
}

/** "you", the technician's id, or "nobody". */
export function assigneeText(assignee: string | null, viewer: Viewer): SafeHtml {
  if (assignee === null) return html`<span class="muted">nobody yet</span>`;
  return assignee === viewer.technician.id
    ? html`<strong>you</strong> (${assignee})`
    : html`${assignee}`;
}

/** Whether the tier may work on the ticket now: it owns it, and it is neither resolved nor closed. */
export function tierMayAct(level: SupportLevel, ticket: TierTicketDetails): boolean {
  return ticket.owner === level && ticket.status !== 'resolved' && ticket.status !== 'closed';
}

/** Why there is nothing to do on the ticket here, or undefined when the tier may act. */
function standstill(level: SupportLevel, ticket: TierTicketDetails): string | undefined {
  if (ticket.owner !== level) {
    return `${LEVEL_NAMES[ticket.owner]} owns this ticket now: ${LEVEL_NAMES[level].toLowerCase()} only follows it.`;
  }
  if (ticket.status === 'resolved') {
    return 'Resolved: the requester confirms the resolution or reopens the ticket.';
  }
  if (ticket.status === 'closed') return 'Closed: nothing more to do.';
  return undefined;
}

export interface TierTicketPageOptions {
  viewer: Viewer;
  area: { name: string; href: string };
  /** The tier whose dashboard it is. */
  level: SupportLevel;
  ticket: TierTicketDetails;
  now: Date;
  /** The tier's own facts, after the shared ones (the domain, level 2's diagnosis…). */
  facts?: readonly (readonly [string, HtmlValue])[];
  /** Above everything else, live (an open remote session). */
  alert?: HtmlValue;
  /** The tier's own panels, after the description (the work done so far). */
  panels?: HtmlValue;
  /** The tier's forms, for what makes sense now; nothing while it may not act. */
  actions: readonly SafeHtml[];
}

/**
 * A ticket on a tier's dashboard: summary, badges and facts, why it came here, what the
 * requester wrote, the tier's own panels and the whole timeline (live), and on the side the
 * tier's actions as forms.
 */
export function tierTicketPage(options: TierTicketPageOptions): SafeHtml {
  const { viewer, ticket, level, now } = options;
  const stopped = standstill(level, ticket);
  return page({
    title: ticket.summary,
    area: options.area,
    nav: viewer.dashboards,
    user: viewer.user,
    csrfToken: viewer.csrfToken,
    flash: viewer.flash,
    liveUpdates: { url: '/dashboard/live', ticketId: ticket.ticketId },
    body: html`<div class="page-head">
        <div>
          <h1>${ticket.summary}</h1>
          <p class="muted" id="ticket-badges" data-live-region>
            ${priorityBadge(ticket.priority)} ${statusBadge(ticket.status)} · Ticket
            <code>${ticket.ticketId}</code>
          </p>
        </div>
        <a href="/dashboard">Back to the queue</a>
      </div>
      <div id="ticket-alert" data-live-region>${options.alert}</div>
      <div class="columns">
        <div>
          <section class="panel" id="ticket-facts" data-live-region aria-label="Facts">
            <dl class="facts">
              <dt>Requester</dt>
              <dd>
                ${ticket.requester.name} ·
                <a href="mailto:${ticket.requester.email}">${ticket.requester.email}</a>
                ${ticket.requester.phone && html`· ${phoneLink(ticket.requester.phone)}`}
              </dd>
              <dt>Category</dt>
              <dd>${ticket.category}</dd>
              ${
                ticket.channel &&
                html`<dt>Channel</dt>
                  <dd>${ticket.channel}</dd>`
              }
              <dt>Submitted</dt>
              <dd>${timeAgo(ticket.submittedAt, now)}</dd>
              <dt>Here since</dt>
              <dd>${timeAgo(ticket.firstReachedAt, now)}</dd>
              <dt>Owner</dt>
              <dd>${LEVEL_NAMES[ticket.owner]}${ticket.owner === level && ' (this desk)'}</dd>
              <dt>Assignee</dt>
              <dd>${assigneeText(ticket.assignee, viewer)}</dd>
              ${(options.facts ?? []).map(
                ([label, value]) =>
                  html`<dt>${label}</dt>
                    <dd>${value}</dd>`,
              )}
            </dl>
          </section>
          ${arrival(level, ticket)}
          <section class="panel">
            <h2>What the requester wrote</h2>
            <div class="description">${ticket.description}</div>
          </section>
          ${options.panels}
          <section class="panel" id="ticket-timeline" data-live-region>
            <h2>Timeline</h2>
            ${timeline(timelineItems(ticket.timeline), now)}
          </section>
        </div>
        <aside class="panel" aria-label="Actions">
          <h2>Actions</h2>
          ${
            stopped
              ? html`<p class="muted">${stopped}</p>`
              : options.actions.length > 0
                ? options.actions
                : html`<p class="muted">Nothing to do here right now.</p>`
          }
        </aside>
      </div>`,
  });
}

/** Why the ticket is here: the arrival while in the queue, else the latest escalation. */
function arrival(level: SupportLevel, ticket: TierTicketDetails): SafeHtml {
  const reason = ticket.arrivalReason ?? ticket.escalationReason;
  const earlier =
    ticket.arrivalReason !== null && ticket.arrivedBy !== 'escalation' && ticket.escalationReason;
  return html`<div id="ticket-arrival" data-live-region>
    ${
      reason &&
      html`<section class="panel">
        <h2>Why it is here</h2>
        <p>
          <strong>${arrivalHeading(level, ticket.arrivalReason ? ticket.arrivedBy : null)}</strong>
        </p>
        <div class="description" data-arrival-reason>${reason}</div>
        ${
          earlier &&
          html`<p class="muted">
            Earlier, ${arrivalHeading(level, 'escalation').toLowerCase()}:
            ${ticket.escalationReason}
          </p>`
        }
      </section>`
    }
  </div>`;
}
