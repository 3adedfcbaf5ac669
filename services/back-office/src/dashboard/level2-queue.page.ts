import { Viewer } from '@helpdesk/event-log-nest';
import { PrioritySchema } from '@helpdesk/ticket-events';
import {
  QueueCount,
  TierDashboardQuery,
  queueHref,
  queueParameters,
  tierQueuePage,
} from '@helpdesk/tier-desk';
import { SafeHtml, Tone, badge, html } from '@helpdesk/web-ui';
import {
  Level2PriorityCountView,
  Level2QueueItemView,
  Level2QueueView,
} from '../read-model/level2.views';
import { LEVEL2_AREA, OUTCOME_LABELS } from './level2-dashboard.area';

const PRIORITY_TONES: Record<string, Tone> = {
  P1: 'danger',
  P2: 'warning',
  P3: 'info',
  P4: 'neutral',
};

/** The level 2 queue: counts per priority, filters, the tickets and what level 2 did so far. */
export function level2QueuePage(options: {
  viewer: Viewer;
  query: TierDashboardQuery;
  queue: Level2QueueView;
  counts: readonly Level2PriorityCountView[];
  now: Date;
}): SafeHtml {
  const { query, counts } = options;
  const sum = (pick: (count: Level2PriorityCountView) => number) =>
    counts.reduce((total, count) => total + pick(count), 0);
  const byPriority = new Map(counts.map((count) => [count.priority, count]));
  const unrated = byPriority.get(null);
  const filters = queueParameters(query);
  const items: QueueCount[] = [
    {
      label: 'In the queue',
      count: sum((count) => count.tickets),
      detail: `${sum((count) => count.unassigned)} unassigned`,
      href: queueHref({ ...filters, priority: undefined }),
      current: !query.priority,
      attributes: html`data-priority-count="all"`,
    },
    ...PrioritySchema.options.map((priority): QueueCount => ({
      label: priority,
      tone: PRIORITY_TONES[priority],
      count: byPriority.get(priority)?.tickets ?? 0,
      detail: `${byPriority.get(priority)?.unassigned ?? 0} unassigned`,
      href: queueHref({ ...filters, priority }),
      current: query.priority === priority,
      attributes: html`data-priority-count="${priority}"`,
    })),
    ...(unrated
      ? [
          {
            label: 'Unrated',
            count: unrated.tickets,
            detail: `${unrated.unassigned} unassigned`,
            attributes: html`data-priority-count="none"`,
          },
        ]
      : []),
    {
      label: 'Mine',
      count: sum((count) => count.mine),
      href: queueHref({ ...filters, assignee: 'me' }),
      current: query.assignee === 'me',
      attributes: html`data-assignee-count="me"`,
    },
  ];
  return tierQueuePage<Level2QueueItemView>({
    viewer: options.viewer,
    area: LEVEL2_AREA,
    title: 'Level 2 queue',
    lead: 'Diagnose, then return the hardware, guide by phone or take remote control; resolve, or escalate to level 3.',
    counts: { label: 'Tickets per priority', items },
    query,
    items: options.queue.items,
    total: options.queue.total,
    columns: [{ header: 'Work so far', cell: workSoFar }],
    now: options.now,
  });
}

function workSoFar(item: Level2QueueItemView): SafeHtml {
  const { diagnosis, hardwareReturn, remoteSession } = item;
  if (!diagnosis) return html`<span class="muted">not diagnosed</span>`;
  return html`${OUTCOME_LABELS[diagnosis.outcome]}
  ${
    diagnosis.outcome === 'hardware-return' &&
    hardwareReturn &&
    html`<br /><small>${hardwareReturn.rmaNumber}: ${hardwareReturn.step}</small>`
  }
  ${remoteSession?.state === 'open' && html`<br />${badge('session open', 'warning')}`}`;
}
