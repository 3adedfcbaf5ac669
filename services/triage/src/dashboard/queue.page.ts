import {
  Column,
  Option,
  SafeHtml,
  badge,
  dataTable,
  html,
  priorityBadge,
  selectField,
  statusBadge,
  timeAgo,
} from '@helpdesk/web-ui';
import { Viewer } from '@helpdesk/event-log-nest';
import { PRIORITIES, Queue, QueueItem } from '../read-model/level1-queue.queries';
import { QueueFiltersDto } from './dashboard-forms.dto';
import { knowledgeBaseSearch, level1Page, ticketPath } from './level1-page';

export interface QueuePageOptions {
  viewer: Viewer;
  queue: Queue;
  filters: QueueFiltersDto;
  /** The most rows the table shows. */
  limit: number;
  now: Date;
}

const STATUS_OPTIONS: readonly Option[] = [
  { value: 'new', label: 'New' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'waiting-for-requester', label: 'Waiting for the requester' },
  { value: 'resolved', label: 'Resolved (awaiting confirmation)' },
];
const ASSIGNEE_OPTIONS: readonly Option[] = [
  { value: 'me', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
];
const AGE_OPTIONS: readonly Option[] = [
  { value: '1h', label: 'Older than 1 hour' },
  { value: '4h', label: 'Older than 4 hours' },
  { value: '1d', label: 'Older than 1 day' },
  { value: '3d', label: 'Older than 3 days' },
  { value: '7d', label: 'Older than a week' },
];
const SORT_OPTIONS: readonly Option[] = [
  { value: 'priority', label: 'Priority, then oldest' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
];

/** The level-1 queue: counts per priority, filters, and the tickets in working order. */
export function queuePage(options: QueuePageOptions): SafeHtml {
  const { viewer, queue, filters } = options;
  const everyPriority = PRIORITIES.reduce((sum, priority) => sum + queue.counts[priority], 0);
  const total = filters.priority ? queue.counts[filters.priority] : everyPriority;
  return level1Page(viewer, {
    title: 'Level 1 queue',
    live: {},
    body: html`<div class="page-head">
        <div>
          <h1>Level 1 queue</h1>
          <p class="muted">Tickets level 1 owns, until they are closed or escalated.</p>
        </div>
        ${knowledgeBaseSearch({})}
      </div>
      <ul class="counts" id="queue-counts" data-live-region aria-label="Tickets per priority">
        <li data-priority-count="all">
          <a
            href="${queueHref({ ...filters, priority: undefined })}"
            ${!filters.priority && html`aria-current="true"`}
            >All priorities</a
          >
          <strong>${everyPriority}</strong>
        </li>
        ${PRIORITIES.map(
          (priority) =>
            html`<li data-priority-count="${priority}">
              <a
                href="${queueHref({ ...filters, priority })}"
                ${filters.priority === priority && html`aria-current="true"`}
                >${priorityBadge(priority)}</a
              >
              <strong>${queue.counts[priority]}</strong>
            </li>`,
        )}
      </ul>
      ${filterForm(filters)}
      <div id="queue-results" data-live-region>
        <p class="muted" id="queue-summary">
          ${
            queue.items.length < total
              ? `Showing the first ${queue.items.length} of ${total} tickets.`
              : `${total} ${total === 1 ? 'ticket' : 'tickets'}.`
          }
        </p>
        ${dataTable({
          id: 'queue',
          caption: 'The level 1 queue',
          columns: columns(viewer, options.now),
          rows: queue.items,
          href: (item) => ticketPath(item.ticketId),
          rowAttributes: (item) => html`data-ticket-id="${item.ticketId}"`,
          empty: 'No ticket matches these filters.',
        })}
      </div>
      <p class="keys">
        <kbd>j</kbd> / <kbd>k</kbd> move through the tickets, <kbd>Enter</kbd> opens one,
        <kbd>/</kbd> searches the knowledge base. The queue updates by itself.
      </p>`,
  });
}

const SLA_BADGES: Record<QueueItem['slaState'], SafeHtml> = {
  ok: badge('on time', 'success'),
  warning: badge('due soon', 'warning'),
  breached: badge('breached', 'danger'),
};

function columns(viewer: Viewer, now: Date): readonly Column<QueueItem>[] {
  return [
    { header: 'Ticket', cell: (item) => item.summary },
    {
      header: 'Priority',
      className: 'nowrap',
      cell: (item) =>
        html`${priorityBadge(item.priority)}
        ${!item.priorityAssessed && html`<small title="As the requester rated it">unassessed</small>`}`,
    },
    { header: 'Status', className: 'nowrap', cell: (item) => statusBadge(item.status) },
    { header: 'SLA', className: 'nowrap', cell: (item) => SLA_BADGES[item.slaState] },
    {
      header: 'Requester',
      cell: (item) => html`${item.requester.name}<br /><small>${item.category}</small>`,
    },
    {
      header: 'Assignee',
      cell: (item) =>
        item.assignee === null
          ? badge('unassigned')
          : item.assignee === viewer.technician.id
            ? badge('you', 'info')
            : item.assignee,
    },
    { header: 'Channel', cell: (item) => item.channel },
    { header: 'Age', className: 'nowrap', cell: (item) => timeAgo(item.submittedAt, now) },
  ];
}

function filterForm(filters: QueueFiltersDto): SafeHtml {
  return html`<form class="filters" method="get" action="/dashboard" aria-label="Filters">
    <div>
      ${selectField({
        name: 'priority',
        label: 'Priority',
        value: filters.priority,
        blank: 'Any priority',
        options: PRIORITIES.map((priority) => ({ value: priority, label: priority })),
      })}
    </div>
    <div>
      ${selectField({
        name: 'status',
        label: 'Status',
        value: filters.status,
        blank: 'Any status',
        options: STATUS_OPTIONS,
      })}
    </div>
    <div>
      ${selectField({
        name: 'assignee',
        label: 'Assignee',
        value: filters.assignee,
        blank: 'Anyone',
        options: ASSIGNEE_OPTIONS,
      })}
    </div>
    <div>
      ${selectField({
        name: 'age',
        label: 'Age',
        value: filters.age,
        blank: 'Any age',
        options: AGE_OPTIONS,
      })}
    </div>
    <div>
      ${selectField({
        name: 'sort',
        label: 'Sort',
        value: filters.sort ?? 'priority',
        options: SORT_OPTIONS,
      })}
    </div>
    <div><button type="submit" class="button">Apply</button></div>
    <div><a class="button button-secondary" href="/dashboard">Reset</a></div>
  </form>`;
}

/** The queue's address with these filters (only those that are set). */
export function queueHref(filters: QueueFiltersDto): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value !== '') query.set(name, value);
  }
  const search = query.toString();
  return search ? `/dashboard?${search}` : '/dashboard';
}
