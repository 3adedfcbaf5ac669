import { Viewer } from '@helpdesk/event-log-nest';
import { PrioritySchema } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import {
  Column,
  HtmlValue,
  Option,
  SafeHtml,
  Tone,
  dataTable,
  html,
  page,
  priorityBadge,
  statusBadge,
  timeAgo,
} from '@helpdesk/web-ui';
import { OPEN_STATUSES, RequesterView } from '../http/tier.views';
import { QUEUE_SORTS } from '../read-model/tier.queries';
import { ticketPath } from './tier-actions';
import {
  DASHBOARD_PAGE_SIZE,
  QUEUE_AGES,
  QUEUE_AGE_LABELS,
  QUEUE_SORT_LABELS,
  TierDashboardQuery,
  queueHref,
  queueParameters,
} from './tier-dashboard.query';
import { arrivalLabel } from './tier-ticket.page';

/** What a tier's queue page shows of every item (both tiers' queue items have it). */
export interface TierQueueItem {
  ticketId: string;
  summary: string;
  requester: RequesterView;
  priority: string | null;
  status: TicketStatus;
  assignee: string | null;
  arrivedBy: string | null;
  arrivalReason: string | null;
  queuedAt: string;
}

/** One of the counts above a queue: a number, what it counts, the filter that shows them. */
export interface QueueCount {
  label: string;
  count: number;
  /** A second line: "2 unassigned". */
  detail?: string;
  href?: string;
  current?: boolean;
  tone?: Tone;
  /** A hook for tests and scripts, e.g. `data-priority-count="P1"`. */
  attributes?: SafeHtml;
}

/** A select of the filter form; the first one of the page is where "/" goes. */
export function filterSelect(options: {
  name: string;
  label: string;
  options: readonly Option[];
  value: string | undefined;
  any: string;
  search?: boolean;
}): SafeHtml {
  const id = `filter-${options.name}`;
  return html`<div>
    <label for="${id}">${options.label}</label>
    <select id="${id}" name="${options.name}" ${options.search && html`data-search`}>
      <option value="">${options.any}</option>
      ${options.options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === options.value && html`selected`}>
            ${option.label}
          </option>`,
      )}
    </select>
  </div>`;
}

export interface TierQueuePageOptions<Item extends TierQueueItem> {
  viewer: Viewer;
  area: { name: string; href: string };
  title: string;
  /** A line under the title. */
  lead?: HtmlValue;
  counts: { label: string; items: readonly QueueCount[] };
  query: TierDashboardQuery;
  /** The tier's own filters, before the shared ones (the domain at level 3). */
  filters?: HtmlValue;
  /** The tier's own query parameters, kept by the page links (the domain at level 3). */
  parameters?: Readonly<Record<string, string | undefined>>;
  items: readonly Item[];
  total: number;
  /** The tier's own columns, after priority and status (the domain, the work done). */
  columns?: readonly Column<Item>[];
  now: Date;
}

/**
 * A tier's queue: the counts, the filter form (a GET: the URL says what is shown), the table
 * of tickets (`#queue`, a row per ticket with `data-ticket-id`) and its pages. The counts and
 * the table refresh live.
 */
export function tierQueuePage<Item extends TierQueueItem>(
  options: TierQueuePageOptions<Item>,
): SafeHtml {
  const { viewer, query, now } = options;
  const me = viewer.technician.id;
  const columns: Column<Item>[] = [
    { header: 'Summary', cell: (item) => item.summary },
    {
      header: 'Requester',
      cell: (item) => html`${item.requester.name}<br /><small>${item.requester.email}</small>`,
    },
    { header: 'Priority', cell: (item) => priorityBadge(item.priority), className: 'nowrap' },
    { header: 'Status', cell: (item) => statusBadge(item.status), className: 'nowrap' },
    ...(options.columns ?? []),
    {
      header: 'Assignee',
      cell: (item) =>
        item.assignee === null
          ? html`<span class="muted">unassigned</span>`
          : html`${item.assignee === me ? html`<strong>you</strong>` : item.assignee}`,
    },
    {
      header: 'Came by',
      cell: (item) =>
        html`<span title="${item.arrivalReason}">${arrivalLabel(item.arrivedBy)}</span>`,
    },
    { header: 'Waiting', cell: (item) => timeAgo(item.queuedAt, now), className: 'nowrap' },
  ];
  const parameters = { ...options.parameters, ...queueParameters(query) };
  return page({
    title: options.title,
    area: options.area,
    nav: viewer.dashboards,
    user: viewer.user,
    csrfToken: viewer.csrfToken,
    flash: viewer.flash,
    liveUpdates: { url: '/dashboard/live' },
    body: html`<div class="page-head">
        <div>
          <h1>${options.title}</h1>
          ${options.lead && html`<p class="muted">${options.lead}</p>`}
        </div>
        <p class="keys">
          <kbd>/</kbd> filters · <kbd>j</kbd> <kbd>k</kbd> move · <kbd>Enter</kbd> open
        </p>
      </div>
      <ul class="counts" id="queue-counts" data-live-region aria-label="${options.counts.label}">
        ${options.counts.items.map((count) => queueCount(count))}
      </ul>
      <form class="filters" method="get" action="/dashboard" aria-label="Filters">
        ${options.filters}
        ${filterSelect({
          name: 'priority',
          label: 'Priority',
          any: 'any priority',
          value: query.priority,
          options: PrioritySchema.options.map((priority) => ({ value: priority, label: priority })),
          search: options.filters === undefined,
        })}
        ${filterSelect({
          name: 'status',
          label: 'Status',
          any: 'any status',
          value: query.status,
          options: OPEN_STATUSES.map((status) => ({
            value: status,
            label: status.replace(/-/g, ' '),
          })),
        })}
        ${filterSelect({
          name: 'assignee',
          label: 'Assignee',
          any: 'anyone',
          value: query.assignee,
          options: [
            { value: 'me', label: 'mine' },
            { value: 'unassigned', label: 'unassigned' },
          ],
        })}
        ${filterSelect({
          name: 'age',
          label: 'Age',
          any: 'any age',
          value: query.age,
          options: QUEUE_AGES.map((age) => ({ value: age, label: QUEUE_AGE_LABELS[age] })),
        })}
        ${filterSelect({
          name: 'sort',
          label: 'Order',
          any: QUEUE_SORT_LABELS.priority,
          value: query.sort === 'priority' ? undefined : query.sort,
          options: QUEUE_SORTS.filter((sort) => sort !== 'priority').map((sort) => ({
            value: sort,
            label: QUEUE_SORT_LABELS[sort],
          })),
        })}
        <div>
          <button type="submit" class="button">Apply</button>
        </div>
        <div><a href="/dashboard">Clear filters</a></div>
      </form>
      <section id="queue-results" data-live-region aria-label="Tickets">
        ${dataTable({
          id: 'queue',
          caption: options.title,
          columns,
          rows: options.items,
          href: (item) => ticketPath(item.ticketId),
          rowAttributes: (item) => html`data-ticket-id="${item.ticketId}"`,
          empty: 'No ticket matches these filters.',
        })}
        ${pager(options.total, query.page ?? 1, parameters)}
      </section>`,
  });
}

function queueCount(count: QueueCount): SafeHtml {
  const body = html`<strong>${count.count}</strong>
    ${count.tone ? html`<span class="badge badge-${count.tone}">${count.label}</span>` : count.label}
    ${count.detail && html`<br /><small>${count.detail}</small>`}`;
  return html`<li ${count.attributes}>
    ${
      count.href
        ? html`<a
            class="count-link"
            href="${count.href}"
            ${count.current && html`aria-current="true"`}
            >${body}</a
          >`
        : body
    }
  </li>`;
}

function pager(
  total: number,
  current: number,
  parameters: Readonly<Record<string, string | undefined>>,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE));
  const first = total === 0 ? 0 : (current - 1) * DASHBOARD_PAGE_SIZE + 1;
  const last = Math.min(total, current * DASHBOARD_PAGE_SIZE);
  const link = (target: number) =>
    queueHref({ ...parameters, page: target > 1 ? target : undefined });
  return html`<p class="muted pager">
    ${total === 0 ? 'No ticket' : html`Tickets ${first}–${last} of <strong>${total}</strong>`}
    ${current > 1 && html` · <a href="${link(current - 1)}" rel="prev">Previous</a>`}
    ${current < pages && html` · <a href="${link(current + 1)}" rel="next">Next</a>`}
  </p>`;
}
