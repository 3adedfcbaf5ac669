import { Viewer } from '@helpdesk/event-log-nest';
import {
  QueueCount,
  filterSelect,
  queueHref,
  queueParameters,
  tierQueuePage,
} from '@helpdesk/tier-desk';
import { SafeHtml, html } from '@helpdesk/web-ui';
import {
  DomainQueueSummaryView,
  Level3QueueItemView,
  Level3QueueView,
} from '../read-model/level3.views';
import { LEVEL3_AREA } from './level3-dashboard.area';
import { Level3DashboardQuery } from './level3-dashboard.query';

/** The level 3 queues: counts per domain, filters (the domain first), the tickets. */
export function level3QueuePage(options: {
  viewer: Viewer;
  query: Level3DashboardQuery;
  queues: readonly DomainQueueSummaryView[];
  tickets: Level3QueueView;
  /** The viewer's domains; null when they are not a registered specialist. */
  skills: readonly string[] | null;
  now: Date;
}): SafeHtml {
  const { query, queues, skills } = options;
  const mine = new Set(skills ?? []);
  const filters = queueParameters(query);
  const counts: QueueCount[] = [
    {
      label: 'All domains',
      count: queues.reduce((total, queue) => total + queue.tickets, 0),
      detail: `${queues.reduce((total, queue) => total + queue.unassigned, 0)} unassigned`,
      href: queueHref(filters),
      current: query.domain === undefined,
      attributes: html`data-domain-count="*"`,
    },
    ...queues.map((queue): QueueCount => ({
      label: queue.domain,
      count: queue.tickets,
      detail: `${queue.unassigned} unassigned · ${queue.specialists} ${
        queue.specialists === 1 ? 'specialist' : 'specialists'
      }${mine.has(queue.domain) ? ' · yours' : ''}`,
      href: queueHref({ ...filters, domain: queue.domain }),
      current: query.domain === queue.domain,
      attributes: html`data-domain-count="${queue.domain}"`,
    })),
  ];
  const domains = queues.map((queue) => queue.domain);
  if (query.domain !== undefined && !domains.includes(query.domain)) domains.push(query.domain);
  return tierQueuePage<Level3QueueItemView>({
    viewer: options.viewer,
    area: LEVEL3_AREA,
    title: query.domain ? `Level 3 queue · ${query.domain}` : 'Level 3 queues',
    lead: skillsLine(skills, options.viewer.technician.supervisor),
    counts: { label: 'Tickets per domain', items: counts },
    query,
    filters: filterSelect({
      name: 'domain',
      label: 'Domain',
      any: 'every domain',
      value: query.domain,
      options: domains.map((domain) => ({ value: domain, label: domain })),
      search: true,
    }),
    parameters: { domain: query.domain },
    items: options.tickets.items,
    total: options.tickets.total,
    columns: [{ header: 'Domain', cell: (item) => item.domain }],
    now: options.now,
  });
}

function skillsLine(skills: readonly string[] | null, supervisor: boolean): SafeHtml {
  if (supervisor) return html`As a supervisor you take tickets of every domain.`;
  if (skills === null) {
    return html`You are not registered as a specialist yet: a supervisor registers your domains.`;
  }
  return html`You take tickets of: <strong>${skills.join(', ') || 'no domain yet'}</strong>.`;
}
