import {
  SafeHtml,
  actionForm,
  html,
  phoneLink,
  priorityBadge,
  selectField,
  statusBadge,
  textArea,
  textField,
  timeAgo,
  timeline,
  timelineItems,
} from '@helpdesk/web-ui';
import { Viewer } from '@helpdesk/event-log-nest';
import { PriorityMatrix } from '@helpdesk/ticket-lifecycle';
import { KnowledgeArticle } from '../read-model/knowledge-base/knowledge-articles';
import { TicketView } from '../read-model/level1-queue.queries';
import { OWNER_NAMES, knowledgeBaseSearch, level1Page, ticketPath } from './level1-page';

export interface TicketPageOptions {
  viewer: Viewer;
  ticket: TicketView;
  /** The knowledge-base articles closest to the ticket's wording, closest first. */
  suggestions: readonly KnowledgeArticle[];
  matrix: PriorityMatrix;
  now: Date;
}

const LEVELS = ['high', 'medium', 'low'] as const;
const LEVEL_OPTIONS = LEVELS.map((level) => ({ value: level, label: level }));

/** Level 1 works on it: it owns it, and it is neither resolved (awaiting the requester) nor closed. */
export function workableAtLevel1(ticket: Pick<TicketView, 'owner' | 'status'>): boolean {
  return ticket.owner === 'L1' && ticket.status !== 'resolved' && ticket.status !== 'closed';
}

/** A ticket as level 1 works on it: facts, description, timeline, articles and actions. */
export function ticketPage(options: TicketPageOptions): SafeHtml {
  const { viewer, ticket, now } = options;
  return level1Page(viewer, {
    title: ticket.summary,
    live: { ticketId: ticket.ticketId },
    body: html`<div class="page-head">
        <div>
          <h1>${ticket.summary}</h1>
          <p class="muted">Ticket ${ticket.ticketId}</p>
        </div>
        <a href="/dashboard">Back to the queue</a>
      </div>
      <div class="columns">
        <div>
          <section class="panel" id="ticket-facts" data-live-region aria-label="The ticket">
            <p>
              ${priorityBadge(ticket.priority)} ${statusBadge(ticket.status)}
              ${
                !ticket.priorityAssessed &&
                html`<small>priority as the requester rated it, not assessed yet</small>`
              }
            </p>
            <dl class="facts">
              <dt>Requester</dt>
              <dd>
                ${ticket.requester.name} ·
                <a href="mailto:${ticket.requester.email}">${ticket.requester.email}</a>
                ${ticket.requester.phone && html`· ${phoneLink(ticket.requester.phone)}`}
              </dd>
              <dt>Category</dt>
              <dd>${ticket.category}</dd>
              <dt>Channel</dt>
              <dd>${ticket.channel}</dd>
              <dt>Submitted</dt>
              <dd>${timeAgo(ticket.submittedAt, now)}</dd>
              <dt>Last change</dt>
              <dd>${timeAgo(ticket.updatedAt, now)}</dd>
              <dt>Impact · urgency</dt>
              <dd>${ticket.impact} · ${ticket.urgency}</dd>
              <dt>Owner</dt>
              <dd data-owner="${ticket.owner}">${OWNER_NAMES[ticket.owner]}</dd>
              <dt>Assignee</dt>
              <dd data-assignee="${ticket.assignee ?? ''}">
                ${ticket.assignee ?? 'nobody yet'}
                ${ticket.assignee === viewer.technician.id && html`<small>(you)</small>`}
              </dd>
            </dl>
          </section>
          <section class="panel" aria-label="Description">
            <h2>Description</h2>
            <div class="description">${ticket.description}</div>
          </section>
          <section class="panel" id="ticket-timeline" data-live-region aria-label="Timeline">
            <h2>Timeline</h2>
            ${timeline(timelineItems(ticket.timeline), now)}
          </section>
        </div>
        <aside>
          <section class="panel" id="ticket-actions" aria-label="Actions">
            ${workableAtLevel1(ticket) ? actions(options) : readOnly(ticket)}
          </section>
          <section class="panel" id="suggested-articles" aria-label="Suggested articles">
            <h2>Suggested articles</h2>
            ${suggestedArticles(options)} ${knowledgeBaseSearch({ ticketId: ticket.ticketId })}
          </section>
        </aside>
      </div>`,
  });
}

/** Why there is nothing to do here, and who has the ticket now. */
function readOnly(ticket: TicketView): SafeHtml {
  if (ticket.owner !== 'L1') {
    return html`<h2>Owned by ${OWNER_NAMES[ticket.owner]}</h2>
      <p data-read-only>
        This ticket has left level 1: only ${OWNER_NAMES[ticket.owner]} can change it now. Its
        history stays here.
      </p>`;
  }
  if (ticket.status === 'closed') {
    return html`<h2>Closed</h2>
      <p data-read-only>This ticket is closed; nothing is left to do.</p>`;
  }
  return html`<h2>Resolved</h2>
    <p data-read-only>
      Level 1 resolved this ticket: it waits for the requester to confirm, or to reopen it.
    </p>`;
}

function actions(options: TicketPageOptions): SafeHtml {
  const { ticket, viewer, matrix } = options;
  const action = (name: string) => `${ticketPath(ticket.ticketId)}/${name}`;
  const csrfToken = viewer.csrfToken;
  return html`<h2>Actions</h2>
    ${
      ticket.assignee === null &&
      actionForm({
        action: action('take'),
        title: 'Take it',
        csrfToken,
        submit: 'Take',
      })
    }
    ${actionForm({
      action: action('assign'),
      title: 'Assign to a technician',
      csrfToken,
      submit: 'Assign',
      tone: 'secondary',
      fields: textField({
        name: 'technicianId',
        label: 'Technician id',
        required: true,
        maxLength: 200,
        hint: ticket.assignee ? `Now: ${ticket.assignee}` : undefined,
      }),
    })}
    ${actionForm({
      action: action('priority'),
      title: 'Assess the priority',
      csrfToken,
      submit: 'Set priority',
      tone: 'secondary',
      fields: html`${selectField({
        name: 'impact',
        label: 'Impact',
        value: ticket.impact,
        required: true,
        options: LEVEL_OPTIONS,
      })}
      ${selectField({
        name: 'urgency',
        label: 'Urgency',
        value: ticket.urgency,
        required: true,
        options: LEVEL_OPTIONS,
      })}
      ${matrixTable(matrix)}`,
    })}
    ${actionForm({
      action: action('information-requests'),
      title: 'Ask the requester',
      csrfToken,
      submit: 'Ask the requester',
      tone: 'secondary',
      fields: textArea({
        name: 'question',
        label: 'Question',
        required: true,
        maxLength: 5_000,
        hint: 'The ticket waits for the answer.',
      }),
    })}
    ${actionForm({
      action: action('resolve'),
      title: 'Resolve at level 1',
      csrfToken,
      submit: 'Resolve',
      fields: html`${textArea({
        name: 'resolution',
        label: 'Resolution',
        maxLength: 10_000,
        rows: 4,
        hint: "What solved it. Leave empty to use the cited article's solution.",
      })}
      ${textField({
        name: 'knowledgeArticleId',
        label: 'Knowledge article (optional)',
        maxLength: 100,
        hint: 'e.g. kb-printer-offline',
      })}`,
    })}
    ${actionForm({
      action: action('escalate'),
      title: 'Escalate to level 2',
      csrfToken,
      submit: 'Escalate to level 2',
      tone: 'danger',
      fields: textArea({
        name: 'reason',
        label: 'Reason',
        required: true,
        maxLength: 2_000,
        hint: 'What level 1 tried, and why level 2 is needed.',
      }),
    })}`;
}

/** The deployment's impact × urgency matrix, so the technician sees what a choice gives. */
function matrixTable(matrix: PriorityMatrix): SafeHtml {
  return html`<details>
    <summary><small>Priority matrix</small></summary>
    <table class="data-table" aria-label="Impact (rows) × urgency (columns)">
      <thead>
        <tr>
          <th scope="col">Impact ↓ urgency →</th>
          ${LEVELS.map((urgency) => html`<th scope="col">${urgency}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${LEVELS.map(
          (impact) =>
            html`<tr>
              <th scope="row">${impact}</th>
              ${LEVELS.map((urgency) => html`<td>${matrix[impact][urgency]}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

function suggestedArticles(options: TicketPageOptions): SafeHtml {
  const { ticket, suggestions, viewer } = options;
  if (suggestions.length === 0) {
    return html`<p class="muted">No article comes close to this ticket's wording.</p>`;
  }
  return html`<div id="suggestions">
    ${suggestions.map(
      (article) =>
        html`<div class="article" data-article-id="${article.id}">
          <strong>${article.title}</strong>
          <p><small>${article.symptoms}</small></p>
          <details>
            <summary>Solution</summary>
            <div class="description">${article.solution}</div>
          </details>
          ${
            workableAtLevel1(ticket) &&
            resolveWithArticle(ticket.ticketId, article.id, viewer.csrfToken)
          }
        </div>`,
    )}
  </div>`;
}

/** One click: resolve the ticket with this article's solution, citing it. */
export function resolveWithArticle(
  ticketId: string,
  articleId: string,
  csrfToken: string,
): SafeHtml {
  return html`<form method="post" action="${ticketPath(ticketId)}/resolve">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="knowledgeArticleId" value="${articleId}" />
    <button type="submit" class="button button-secondary">Resolve with this article</button>
  </form>`;
}
