import { LEVEL_NAMES, Viewer } from '@helpdesk/event-log-nest';
import { SupportLevel } from '@helpdesk/ticket-events';
import { HtmlValue, SafeHtml, html, page } from '@helpdesk/web-ui';
import { ChartSeries, barChart } from './bar-chart';
import { AGE_BUCKETS, AgeBucket, DEFINITIONS, ReportView, SlaTargetView } from './report.views';

export const REPORTS_PATH = '/reports';
export const REPORTS_AREA = { name: 'Helpdesk · Reports', href: REPORTS_PATH } as const;

const AGE_LABELS: Record<AgeBucket, string> = {
  under1d: 'under 1 day',
  from1dTo3d: '1–3 days',
  from3dTo7d: '3–7 days',
  over7d: 'over 7 days',
};

const AGE_SERIES: readonly ChartSeries[] = AGE_BUCKETS.map((bucket, index) => ({
  label: AGE_LABELS[bucket],
  color: ['#1e7a46', '#2457c5', '#a15c00', '#b42318'][index] ?? '#2457c5',
}));

const PRESETS = [7, 30, 90] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The support manager's page: the figures of a period as charts and as tables. */
export function reportsPage(options: { viewer: Viewer; report: ReportView; now: Date }): SafeHtml {
  const { viewer, report } = options;
  return page({
    title: 'Reports',
    area: REPORTS_AREA,
    nav: [...viewer.dashboards, { label: 'Reports', href: REPORTS_PATH, current: true }],
    user: viewer.user,
    csrfToken: viewer.csrfToken,
    flash: viewer.flash,
    body: html`<div class="page-head">
        <h1>Support reports</h1>
        <p class="muted" id="period">
          ${moment(report.period.from)} to ${moment(report.period.to)} · backlog as of
          ${moment(report.backlog.at)}
        </p>
      </div>
      ${periodForm(report, options.now)} ${headline(report)} ${backlogSection(report)}
      ${escalationSection(report)} ${mttrSection(report)} ${slaSection(report)}`,
  });
}

function periodForm(report: ReportView, now: Date): SafeHtml {
  // `to` is excluded: the last day the period covers is the one before it.
  const lastDay = day(new Date(new Date(report.period.to).getTime() - 1));
  return html`<form class="filters" method="get" action="${REPORTS_PATH}" aria-label="Period">
      <div>
        <label for="period-from">From</label>
        <input
          id="period-from"
          name="from"
          type="date"
          value="${day(new Date(report.period.from))}"
        />
      </div>
      <div>
        <label for="period-to">To (included)</label>
        <input id="period-to" name="to" type="date" value="${lastDay}" />
      </div>
      <div><button type="submit" class="button button-secondary">Show</button></div>
    </form>
    <p class="muted" id="period-presets">
      ${PRESETS.map(
        (days, index) =>
          html`${index > 0 && ' · '}<a
              href="${REPORTS_PATH}?from=${day(new Date(now.getTime() - (days - 1) * DAY_MS))}"
              >Last ${days} days</a
            >`,
      )}
    </p>`;
}

function headline(report: ReportView): SafeHtml {
  const figures: [string, string, string][] = [
    ['backlog', String(report.backlog.open), 'open tickets now'],
    ['fcr', percent(report.firstContactResolution.rate), 'first-contact resolution'],
    ['l1-to-l2', percent(report.escalation.l1ToL2.rate), 'escalated L1 → L2'],
    ['l2-to-l3', percent(report.escalation.l2ToL3.rate), 'escalated L2 → L3'],
    ['mttr', duration(report.mttr.overall.meanSeconds), 'mean time to resolve'],
    ['sla', percent(report.sla.resolution.compliance), 'resolution SLA met'],
  ];
  return html`<ul class="counts" id="headline">
    ${figures.map(
      ([key, value, label]) =>
        html`<li data-headline="${key}"><strong>${value}</strong> ${label}</li>`,
    )}
  </ul>`;
}

function backlogSection(report: ReportView): SafeHtml {
  const { backlog } = report;
  return section('backlog', 'Backlog now', DEFINITIONS.backlog, [
    barChart({
      id: 'backlog-chart',
      title: 'Open tickets per tier, by age',
      series: AGE_SERIES,
      bars: backlog.tiers.map((tier) => ({
        label: tierName(tier.level),
        values: AGE_BUCKETS.map((bucket) => tier.ages[bucket]),
        text: String(tier.open),
      })),
    }),
    table(
      'backlog-table',
      'Backlog per tier',
      [
        'Tier',
        'Open',
        ...AGE_BUCKETS.map((bucket) => AGE_LABELS[bucket]),
        'Oldest',
        'Awaiting confirmation',
      ],
      [
        ...backlog.tiers.map((tier) => ({
          key: tier.level,
          header: tierName(tier.level),
          cells: [
            figure(`backlog.${tier.level}.open`, tier.open),
            ...AGE_BUCKETS.map((bucket) =>
              figure(`backlog.${tier.level}.${bucket}`, tier.ages[bucket]),
            ),
            figure(
              `backlog.${tier.level}.oldest`,
              tier.oldest ? duration(tier.oldest.ageSeconds) : '—',
            ),
            figure(`backlog.${tier.level}.awaiting`, tier.awaitingConfirmation),
          ],
        })),
        {
          key: 'all',
          header: 'All tiers',
          cells: [
            figure('backlog.all.open', backlog.open),
            ...AGE_BUCKETS.map((bucket) => figure(`backlog.all.${bucket}`, backlog.ages[bucket])),
            '',
            figure('backlog.all.awaiting', backlog.awaitingConfirmation),
          ],
        },
      ],
    ),
  ]);
}

function escalationSection(report: ReportView): SafeHtml {
  const shares = [
    ['fcr', 'First-contact resolution', report.firstContactResolution],
    ['l1-to-l2', 'Escalated L1 → L2', report.escalation.l1ToL2],
    ['l2-to-l3', 'Escalated L2 → L3', report.escalation.l2ToL3],
  ] as const;
  return section(
    'escalation',
    'First contact and escalation',
    `${DEFINITIONS.firstContactResolution} ${DEFINITIONS.escalationL1ToL2} ${DEFINITIONS.escalationL2ToL3}`,
    [
      barChart({
        id: 'escalation-chart',
        title: 'First-contact resolution and escalation rates',
        max: 1,
        bars: shares.map(([, label, share]) => ({
          label,
          values: [share.rate ?? 0],
          text: percent(share.rate),
        })),
      }),
      table(
        'escalation-table',
        'First contact and escalation',
        ['', 'Rate', 'Tickets', 'Of'],
        shares.map(([key, label, share]) => ({
          key,
          header: label,
          cells: [
            figure(`${key}.rate`, percent(share.rate)),
            figure(`${key}.count`, share.count),
            figure(`${key}.of`, share.of),
          ],
        })),
      ),
    ],
  );
}

function mttrSection(report: ReportView): SafeHtml {
  const { mttr } = report;
  const durations = (key: string, header: string, row: (typeof mttr)['overall']) => ({
    key,
    header,
    cells: [
      figure(`mttr.${key}.resolved`, row.resolved),
      figure(`mttr.${key}.mean`, duration(row.meanSeconds)),
      figure(`mttr.${key}.median`, duration(row.medianSeconds)),
    ],
  });
  return section('mttr', 'Time to resolve', `${DEFINITIONS.mttr} ${DEFINITIONS.mttrPerTier}`, [
    barChart({
      id: 'mttr-chart',
      title: 'Mean time to resolve per priority',
      bars: mttr.byPriority.map((row) => ({
        label: row.priority,
        values: [row.meanSeconds ?? 0],
        text: duration(row.meanSeconds),
      })),
    }),
    table(
      'mttr-table',
      'Time to resolve per priority, per tier and overall',
      ['', 'Resolved', 'Mean', 'Median'],
      [
        ...mttr.byPriority.map((row) => durations(row.priority, row.priority, row)),
        durations('overall', 'All priorities', mttr.overall),
        ...mttr.byTier.map((row) =>
          durations(row.level, `At ${tierName(row.level)} (since arrival)`, row),
        ),
      ],
    ),
  ]);
}

function slaSection(report: ReportView): SafeHtml {
  const { sla } = report;
  const targets = (
    key: string,
    header: string,
    first: SlaTargetView,
    resolution: SlaTargetView,
  ) => ({
    key,
    header,
    cells: [
      figure(`sla.${key}.tickets`, first.tickets),
      figure(`sla.${key}.first-response`, percent(first.compliance)),
      figure(`sla.${key}.first-response.breached`, first.breached),
      figure(`sla.${key}.resolution`, percent(resolution.compliance)),
      figure(`sla.${key}.resolution.breached`, resolution.breached),
      figure(`sla.${key}.warned`, first.warned + resolution.warned),
    ],
  });
  return section('sla', 'SLA compliance', DEFINITIONS.sla, [
    table(
      'sla-table',
      'SLA compliance per tier and target',
      ['', 'Tickets', 'First response met', 'Breached', 'Resolution met', 'Breached', 'Warnings'],
      [
        ...sla.tiers.map((tier) =>
          targets(tier.level, tierName(tier.level), tier.firstResponse, tier.resolution),
        ),
        targets('all', 'All tiers', sla.firstResponse, sla.resolution),
      ],
    ),
    html`<h3>Breaches per policy</h3>`,
    sla.breachesByPolicy.length === 0
      ? html`<p class="muted" id="breaches-by-policy">No SLA breach in this period.</p>`
      : barChart({
          id: 'breaches-by-policy',
          title: 'SLA breaches per policy',
          bars: sla.breachesByPolicy.map((row) => ({
            label: row.policy,
            values: [row.breaches],
            text: String(row.breaches),
          })),
        }),
  ]);
}

function section(id: string, title: string, definition: string, content: HtmlValue): SafeHtml {
  return html`<section class="panel" id="${id}" aria-labelledby="${id}-heading">
    <h2 id="${id}-heading">${title}</h2>
    <p class="muted">${definition}</p>
    ${content}
  </section>`;
}

interface TableRow {
  key: string;
  header: string;
  cells: readonly HtmlValue[];
}

function table(
  id: string,
  caption: string,
  headers: readonly string[],
  rows: readonly TableRow[],
): SafeHtml {
  return html`<table class="data-table" id="${id}">
    <caption class="visually-hidden">
      ${caption}
    </caption>
    <thead>
      <tr>
        ${headers.map((header) => html`<th scope="col">${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr data-row="${row.key}">
            <td><strong>${row.header}</strong></td>
            ${row.cells.map((cell) => html`<td>${cell}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A number of the page, findable by its key (`backlog.L1.open`). */
function figure(key: string, value: string | number): SafeHtml {
  return html`<span data-figure="${key}">${value}</span>`;
}

function tierName(level: SupportLevel): string {
  return LEVEL_NAMES[level];
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function moment(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
