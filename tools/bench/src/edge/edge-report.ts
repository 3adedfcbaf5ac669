import { LatencySummary } from '../latency';
import { formatNumber } from '../progress';
import { EdgeOptions } from './edge-options';
import { BASELINE_VARIANT, EDGE_VARIANTS } from './edge-variants';

/** One variant in one round, in one server process. */
export interface EdgeRound {
  variant: string;
  round: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Of the 201 answers. */
  latencyMs: LatencySummary;
  /** The server process's CPU (user + system) over the measured requests, per request. */
  serverCpuMsPerRequest: number;
  /** The load generator's, per request. */
  loadCpuMsPerRequest: number;
  /** Answers by status (`failed`: no answer). */
  statuses: Record<string, number>;
}

/** A hostile or plain request sent to a variant before its warm-up, and what it answered. */
export interface EdgeCheck {
  name: string;
  expectedStatus: number;
  /** What the product's answer says, when the check looks at it. */
  expectedMessage?: string;
  status: number | string;
  message?: unknown;
  passed: boolean;
}

/** A variant's figures: the medians of its rounds. */
export interface EdgeFigure {
  variant: string;
  label: string;
  rounds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMsPerRequest: number;
  /** The least and the most of the rounds: how much the machine's other work moved it. */
  serverCpuMsRange: [number, number];
  loadCpuMsPerRequest: number;
  /** Against (a); null for (a) itself or without (a). */
  ratios: { requestsPerSecond: number; serverCpu: number } | null;
  /** Answers other than 201, over all rounds. */
  refused: Record<string, number>;
}

export interface EdgeResults {
  version: 1;
  startedAt: string;
  finishedAt: string;
  parameters: EdgeOptions;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    loadAverage: { start: number; end: number };
  };
  figures: EdgeFigure[];
  rounds: EdgeRound[];
  checks: Record<string, EdgeCheck[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Each variant's medians over its rounds, in the order of EDGE_VARIANTS, with ratios to (a). */
export function summarize(rounds: readonly EdgeRound[]): EdgeFigure[] {
  const figures = EDGE_VARIANTS.flatMap((variant): EdgeFigure[] => {
    const mine = rounds.filter((round) => round.variant === variant.id);
    if (mine.length === 0) return [];
    const cpu = mine.map((round) => round.serverCpuMsPerRequest);
    const refused: Record<string, number> = {};
    for (const round of mine) {
      for (const [status, count] of Object.entries(round.statuses)) {
        if (status !== '201') refused[status] = (refused[status] ?? 0) + count;
      }
    }
    return [
      {
        variant: variant.id,
        label: variant.label,
        rounds: mine.length,
        requestsPerSecond: median(mine.map((round) => round.requestsPerSecond)),
        p50Ms: median(mine.map((round) => round.latencyMs.p50)),
        p99Ms: median(mine.map((round) => round.latencyMs.p99)),
        serverCpuMsPerRequest: median(cpu),
        serverCpuMsRange: [Math.min(...cpu), Math.max(...cpu)],
        loadCpuMsPerRequest: median(mine.map((round) => round.loadCpuMsPerRequest)),
        ratios: null,
        refused,
      },
    ];
  });
  const baseline = figures.find((figure) => figure.variant === BASELINE_VARIANT);
  if (!baseline) return figures;
  return figures.map((figure) =>
    figure === baseline
      ? figure
      : {
          ...figure,
          ratios: {
            requestsPerSecond: figure.requestsPerSecond / baseline.requestsPerSecond,
            serverCpu: figure.serverCpuMsPerRequest / baseline.serverCpuMsPerRequest,
          },
        },
  );
}

const HEADER = [
  'variant',
  'req/s',
  '× (a)',
  'p50 ms',
  'p99 ms',
  'server CPU ms/req',
  '× (a)',
  'checks',
] as const;

/** The figures as a table, with what was run and on what. */
export function renderEdgeTable(results: EdgeResults): string {
  const { figures, machine, parameters, checks } = results;
  const rows = figures.map((figure) => {
    const mine = checks[figure.variant] ?? [];
    const passed = mine.filter((check) => check.passed).length;
    const [least, most] = figure.serverCpuMsRange;
    return [
      `${figure.label} ${figure.variant}`,
      formatNumber(figure.requestsPerSecond),
      figure.ratios ? ratioText(figure.ratios.requestsPerSecond) : '',
      formatNumber(figure.p50Ms, 2),
      formatNumber(figure.p99Ms, 2),
      `${formatNumber(figure.serverCpuMsPerRequest, 3)}` +
        (figure.rounds > 1 ? ` (${formatNumber(least, 3)}–${formatNumber(most, 3)})` : ''),
      figure.ratios ? ratioText(figure.ratios.serverCpu) : '',
      mine.length === 0 ? 'n/a' : `${passed}/${mine.length}`,
    ];
  });
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const refusals = figures
    .filter((figure) => Object.keys(figure.refused).length > 0)
    .map((figure) => `${figure.variant} ${JSON.stringify(figure.refused)}`);
  const failedChecks = Object.entries(checks).flatMap(([variant, list]) =>
    list
      .filter((check) => !check.passed)
      .map(
        (check) =>
          `${variant}: ${check.name} answered ${String(check.status)} ${JSON.stringify(check.message)}`,
      ),
  );
  const loadCpu = figures.map((figure) => figure.loadCpuMsPerRequest);
  return [
    `${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load ` +
      `${machine.loadAverage.start.toFixed(1)} at the start and ${machine.loadAverage.end.toFixed(1)} at the end`,
    `${formatNumber(parameters.requests)} requests a variant after ${formatNumber(parameters.warmup)} of ` +
      `warm-up, ${parameters.concurrency} in flight, ${parameters.rounds} round(s), each variant in a ` +
      'fresh server process; medians of the rounds (CPU: least–most)',
    '',
    line(HEADER),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    'server CPU = the server process’s user + system time over the measured requests / requests; ' +
      `the load generator used ${formatNumber(Math.min(...loadCpu), 3)}–${formatNumber(Math.max(...loadCpu), 3)} ms a request, apart.`,
    'checks = hostile and plain requests answered as intake answers them (status, and the message ' +
      'where the product’s tests pin it).',
    ...(refusals.length > 0 ? [`Answers other than 201 under load: ${refusals.join('; ')}`] : []),
    ...failedChecks.map((text) => `check failed: ${text}`),
  ].join('\n');
}

function ratioText(value: number): string {
  return value.toFixed(2);
}
