import { ServiceRuntime } from '@helpdesk/launcher';
import { BenchOptions } from './bench-options';
import { DatabaseLimitResult } from './limits/database-limit';
import { LogLimitResult } from './limits/log-limit';
import { CpuUse } from './cpu-meter';
import { MemoryFigure } from './memory-sampler';
import { formatNumber } from './progress';
import { EndToEndResult } from './stages/end-to-end-stage';
import { IntakeResult } from './stages/intake-stage';
import { RebuildResult } from './stages/rebuild-stage';

/** What the issue asks of the product on the 2-core machine. */
export const TARGETS = {
  intakeTicketsPerSecond: 2_000,
  intakeP99Ms: 50,
  endToEndP99Ms: 250,
  endToEndRate: 500,
  rebuildEventsPerSecond: 20_000,
  /** Of its raw limit, each stage at least this much. */
  ratioOfLimit: 0.5,
  serviceMemoryMiB: 256,
} as const;

export interface BenchResults {
  /** 2: the log is a parameter, memory has steady and peak figures. */
  version: 2;
  /** How the services ran: compiled as npm start and the images run them, or from sources. */
  serviceRuntime: ServiceRuntime;
  startedAt: string;
  finishedAt: string;
  parameters: BenchOptions;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryMiB: number;
    node: string;
    /** 1-minute load average at the start and at the end: others share the machine. */
    loadAverage: { start: number; end: number };
  };
  infrastructure: { kafka: string; kafkaSource: string; postgres: string; postgresSource: string };
  limits: { log: LogLimitResult; database: DatabaseLimitResult };
  intake: IntakeResult & {
    /**
     * CPU ms each process spent per accepted ticket over the intake stage and the catch-up
     * after it: where a ticket's time goes. Null where the process could not be read.
     */
    cpuMsPerTicket: CpuUse;
  };
  endToEnd: EndToEndResult;
  rebuild: RebuildResult;
  memory: MemoryFigure[];
  ratios: { intake: number; endToEnd: number; rebuild: number };
  targets: TargetCheck[];
}

export interface TargetCheck {
  id: string;
  target: string;
  measured: number | null;
  met: boolean;
}

export type Figures = Omit<BenchResults, 'ratios' | 'targets'>;

/**
 * Each stage over its raw limit on this machine, in this run. For throughput: stage / limit,
 * the limit being the lower of the log's and the database's. For the end-to-end latency:
 * the log's own p99 at the same rate over the stage's p99 (1 would be "as fast as the log").
 */
export function ratiosOf({ limits, intake, endToEnd, rebuild }: Figures): BenchResults['ratios'] {
  const intakeLimit = Math.min(
    limits.log.produceEventsPerSecond / 2,
    limits.database.ticketsPerSecond,
  );
  const rebuildLimit = Math.min(limits.log.consumeEventsPerSecond, limits.database.eventsPerSecond);
  return {
    intake: ratio(intake.ticketsPerSecond, intakeLimit),
    endToEnd: ratio(limits.log.latencyAtRate.ms.p99, endToEnd.visibleMs.p99),
    rebuild: ratio(rebuild.eventsPerSecond, rebuildLimit),
  };
}

export function targetsOf(figures: Figures, ratios: BenchResults['ratios']): TargetCheck[] {
  const { intake, endToEnd, rebuild, memory } = figures;
  const atLeastHalf = `≥ ${TARGETS.ratioOfLimit} of the raw limit`;
  return [
    {
      id: 'intake.ticketsPerSecond',
      target: `≥ ${formatNumber(TARGETS.intakeTicketsPerSecond)} tickets/s`,
      measured: intake.ticketsPerSecond,
      met: intake.ticketsPerSecond >= TARGETS.intakeTicketsPerSecond,
    },
    {
      id: 'intake.p99Ms',
      target: `p99 < ${TARGETS.intakeP99Ms} ms`,
      measured: intake.latencyMs.p99,
      met: intake.latencyMs.count > 0 && intake.latencyMs.p99 < TARGETS.intakeP99Ms,
    },
    {
      id: 'intake.ratio',
      target: atLeastHalf,
      measured: ratios.intake,
      met: ratios.intake >= TARGETS.ratioOfLimit,
    },
    {
      id: 'endToEnd.p99Ms',
      target: `p99 < ${TARGETS.endToEndP99Ms} ms at ${TARGETS.endToEndRate} tickets/s`,
      measured: endToEnd.visibleMs.p99,
      met:
        endToEnd.offeredRate >= TARGETS.endToEndRate &&
        endToEnd.accepted === endToEnd.sent &&
        endToEnd.missing === 0 &&
        endToEnd.visibleMs.p99 < TARGETS.endToEndP99Ms,
    },
    {
      id: 'endToEnd.ratio',
      target: atLeastHalf,
      measured: ratios.endToEnd,
      met: ratios.endToEnd >= TARGETS.ratioOfLimit,
    },
    {
      id: 'rebuild.eventsPerSecond',
      target: `≥ ${formatNumber(TARGETS.rebuildEventsPerSecond)} events/s`,
      measured: rebuild.eventsPerSecond,
      met: rebuild.eventsPerSecond >= TARGETS.rebuildEventsPerSecond,
    },
    {
      id: 'rebuild.ratio',
      target: atLeastHalf,
      measured: ratios.rebuild,
      met: ratios.rebuild >= TARGETS.ratioOfLimit,
    },
    ...memory
      .filter((figure) => figure.kind === 'service')
      .map((figure) => ({
        id: `memory.${figure.name}`,
        target: `peak < ${TARGETS.serviceMemoryMiB} MiB`,
        measured: figure.peakMiB,
        met: figure.peakMiB !== null && figure.peakMiB < TARGETS.serviceMemoryMiB,
      })),
  ];
}

/**
 * The stages that load the product, as the memory sampler names them: the steady memory is
 * measured over these (the raw limits between them leave the services idle).
 */
export const LOAD_STAGES = ['intake', 'end to end', 'rebuild'] as const;

/** The stage rows of the table, in order; a memory row follows for each measured process. */
export const STAGE_ROWS = [
  'intake: accepted',
  'intake: latency p50/p95/p99',
  'end to end: POST to level 1',
  'end to end: all 4 caught up',
  'rebuild: level 1 read model',
] as const;

export function memoryRow(name: string): string {
  return `memory: ${name}`;
}

const HEADER = ['stage', 'measured', 'target', 'met', 'raw limit (same run)', 'ratio', '≥ ½'];

/** The table printed on stdout: one row a figure, with its target and its raw limit. */
export function renderTable(results: BenchResults): string {
  const { intake, endToEnd, rebuild, limits, memory, ratios, targets } = results;
  const met = (id: string) => {
    const check = targets.find((target) => target.id === id);
    return check ? yesNo(check.met) : '';
  };
  const ms = (value: number) => formatNumber(value, value < 10 ? 1 : 0);
  const rows: string[][] = [
    [
      STAGE_ROWS[0],
      `${formatNumber(intake.ticketsPerSecond)} tickets/s`,
      `≥ ${formatNumber(TARGETS.intakeTicketsPerSecond)}`,
      met('intake.ticketsPerSecond'),
      `log ${formatNumber(limits.log.produceEventsPerSecond / 2)}, db ${formatNumber(limits.database.ticketsPerSecond)} tickets/s`,
      ratioText(ratios.intake),
      met('intake.ratio'),
    ],
    [
      STAGE_ROWS[1],
      `${ms(intake.latencyMs.p50)} / ${ms(intake.latencyMs.p95)} / ${ms(intake.latencyMs.p99)} ms`,
      `p99 < ${TARGETS.intakeP99Ms} ms`,
      met('intake.p99Ms'),
      `${intake.concurrency} in flight`,
      '',
      '',
    ],
    [
      STAGE_ROWS[2],
      `p50 ${ms(endToEnd.visibleMs.p50)}, p99 ${ms(endToEnd.visibleMs.p99)} ms`,
      `p99 < ${TARGETS.endToEndP99Ms} ms`,
      met('endToEnd.p99Ms'),
      `log p50 ${ms(limits.log.latencyAtRate.ms.p50)}, p99 ${ms(limits.log.latencyAtRate.ms.p99)} ms at ${formatNumber(endToEnd.offeredRate)}/s`,
      ratioText(ratios.endToEnd),
      met('endToEnd.ratio'),
    ],
    [
      STAGE_ROWS[3],
      `${ms(endToEnd.catchUpMs)} ms after the load ended`,
      '',
      '',
      [
        endToEnd.accepted < endToEnd.sent
          ? `only ${formatNumber(endToEnd.accepted)} of ${formatNumber(endToEnd.sent)} accepted`
          : '',
        endToEnd.missing > 0 ? `${formatNumber(endToEnd.missing)} never reached level 1` : '',
      ]
        .filter(Boolean)
        .join('; '),
      '',
      '',
    ],
    [
      STAGE_ROWS[4],
      `${formatNumber(rebuild.eventsPerSecond)} events/s`,
      `≥ ${formatNumber(TARGETS.rebuildEventsPerSecond)}`,
      met('rebuild.eventsPerSecond'),
      `log ${formatNumber(limits.log.consumeEventsPerSecond)}, db ${formatNumber(limits.database.eventsPerSecond)} events/s`,
      ratioText(ratios.rebuild),
      met('rebuild.ratio'),
    ],
    ...memory.map((figure) => [
      memoryRow(figure.name),
      memoryText(figure),
      figure.kind === 'service' ? `peak < ${TARGETS.serviceMemoryMiB} MiB` : '',
      figure.kind === 'service' ? met(`memory.${figure.name}`) : '',
      heapText(figure),
      '',
      '',
    ]),
  ];
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const { machine, infrastructure } = results;
  const onPostgres = results.parameters.log === 'postgres';
  return [
    `${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAverage.start.toFixed(1)} at the start and ` +
      `${machine.loadAverage.end.toFixed(1)} at the end; ` +
      (onPostgres
        ? `the log: PostgreSQL (EVENT_LOG=postgres, the embedded default's); `
        : `the log: Kafka from ${infrastructure.kafkaSource}; `) +
      `PostgreSQL from ${infrastructure.postgresSource}; services ` +
      (results.serviceRuntime === 'compiled'
        ? 'compiled, as npm start and the images run them'
        : 'from their sources (HELPDESK_SERVICE_RUNTIME=sources)'),
    '',
    line(HEADER),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `intake: ${formatNumber(intake.accepted)} tickets in ${intake.seconds} s after a warm-up; end to end: ` +
      `${formatNumber(endToEnd.accepted)} of ${formatNumber(endToEnd.sent)} offered at ${formatNumber(endToEnd.offeredRate)}/s; ` +
      `rebuild: ${formatNumber(rebuild.events)} events in ${rebuild.seconds} s.`,
    (limits.log.client === 'PostgresEventLog'
      ? `Raw limits: PostgresEventLog alone (no service around it) appended ${formatNumber(limits.log.produceEventsPerSecond)} and consumed `
      : `Raw limits: kafkajs alone produced ${formatNumber(limits.log.produceEventsPerSecond)} and consumed `) +
      `${formatNumber(limits.log.consumeEventsPerSecond)} events/s; pg alone inserted ` +
      `${formatNumber(limits.database.rowsPerSecond)} rows/s (${formatNumber(limits.database.eventsPerSecond)} events/s of level-1 rows). ` +
      'ratio = stage / the lower limit (latency: the log’s p99 / the stage’s).',
    `Memory (RSS): steady = the median of the samples taken during the load stages (${LOAD_STAGES.join(', ')}), ` +
      'peak = the most (a service: VmHWM, since it started).',
    cpuLine(intake.cpuMsPerTicket, machine.cpus),
  ].join('\n');
}

/** `V8 heap ≤ 192 MiB, used ≤ 61`: a service's heap limit and the most it used. */
export function heapText(figure: MemoryFigure): string {
  if (figure.heapLimitMiB === undefined) return '';
  const used =
    figure.heapUsedPeakMiB === undefined ? '' : `, used ≤ ${formatNumber(figure.heapUsedPeakMiB)}`;
  return `V8 heap ≤ ${formatNumber(figure.heapLimitMiB)} MiB${used}`;
}

/** `steady 151, peak 172 MiB`, or n/a. */
export function memoryText(figure: MemoryFigure): string {
  if (figure.peakMiB === null) return 'n/a';
  const steady = figure.steadyMiB === null ? 'n/a' : formatNumber(figure.steadyMiB);
  return `steady ${steady}, peak ${formatNumber(figure.peakMiB)} MiB`;
}

/** `Where a ticket's CPU goes: intake 4.1 ms, ...; 12.3 ms in all, at most 163 tickets/s on 2 CPUs.` */
export function cpuLine(cpuMsPerTicket: CpuUse, cpus: number): string {
  const measured = Object.entries(cpuMsPerTicket).filter(
    (entry): entry is [string, number] => entry[1] !== null,
  );
  const total = measured.reduce((sum, [, ms]) => sum + ms, 0);
  if (measured.length === 0 || total === 0) return 'Where a ticket’s CPU goes: not measured.';
  const parts = measured
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${formatNumber(ms, 1)} ms (${Math.round((ms / total) * 100)} %)`);
  return (
    `Where an accepted ticket’s CPU goes (intake stage and the read models’ catch-up): ${parts.join(', ')}; ` +
    `${formatNumber(total, 1)} ms in all, so at most ${formatNumber((cpus * 1000) / total)} tickets/s on ${cpus} CPUs.`
  );
}

function ratio(stage: number, limit: number): number {
  if (!(limit > 0) || !Number.isFinite(stage)) return 0;
  return Math.round((stage / limit) * 1000) / 1000;
}

function ratioText(value: number): string {
  return value.toFixed(value < 0.1 ? 3 : 2);
}

function yesNo(met: boolean): string {
  return met ? 'yes' : 'no';
}
