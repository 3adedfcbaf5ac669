import { readBenchOptions } from './bench-options';
import { MemoryFigure } from './memory-sampler';
import {
  Figures,
  STAGE_ROWS,
  cpuLine,
  memoryRow,
  ratiosOf,
  renderTable,
  targetsOf,
} from './report';

const latency = (p50: number, p99: number) => ({
  count: 100,
  p50,
  p95: p99,
  p99,
  max: p99,
  mean: p50,
});

function memory(
  figure: Pick<
    MemoryFigure,
    'name' | 'kind' | 'steadyMiB' | 'peakMiB' | 'heapLimitMiB' | 'heapUsedPeakMiB'
  >,
): MemoryFigure {
  return { ...figure, loadSamples: 40, byStageMiB: {}, method: 'sampled' };
}

function figures(overrides: Partial<Figures> = {}): Figures {
  const options = readBenchOptions([], {});
  if (options === 'help') throw new Error('unexpected help');
  return {
    version: 2,
    serviceRuntime: 'compiled',
    startedAt: '2026-05-04T07:00:00.000Z',
    finishedAt: '2026-05-04T07:05:00.000Z',
    parameters: options,
    machine: {
      cpus: 2,
      cpuModel: 'test CPU',
      memoryMiB: 24_000,
      node: 'v20',
      loadAverage: { start: 1, end: 2 },
    },
    infrastructure: {
      kafka: '127.0.0.1:9092',
      kafkaSource: 'env',
      postgres: 'postgres://x',
      postgresSource: 'env',
    },
    limits: {
      log: {
        client: 'kafkajs',
        events: 100_000,
        produceEventsPerSecond: 10_000,
        consumeEventsPerSecond: 40_000,
        latencyAtRate: { rate: 500, tickets: 10_000, ms: latency(5, 20) },
      },
      database: {
        events: 100_000,
        rows: 250_000,
        seconds: 5,
        rowsPerSecond: 50_000,
        eventsPerSecond: 20_000,
        ticketsPerSecond: 10_000,
      },
    },
    intake: {
      concurrency: 64,
      seconds: 30,
      accepted: 75_000,
      acceptedInStage: 87_500,
      refused: {},
      ticketsPerSecond: 2_500,
      latencyMs: latency(10, 40),
      cpuMsPerTicket: { intake: 0.3, triage: 0.1, PostgreSQL: 0.2, 'Kafka broker': null },
    },
    endToEnd: {
      offeredRate: 500,
      seconds: 20,
      sent: 10_000,
      accepted: 10_000,
      refused: {},
      visibleMs: latency(30, 200),
      missing: 0,
      catchUpMs: 150,
      catchUpMsByService: { intake: 0, triage: 100, 'back-office': 150, specialist: 120 },
    },
    rebuild: {
      service: 'triage',
      events: 100_000,
      seconds: 8,
      eventsPerSecond: 12_500,
      toppedUp: 0,
      behindAtStart: 0,
    },
    memory: [
      memory({
        name: 'intake',
        kind: 'service',
        steadyMiB: 150,
        peakMiB: 180,
        heapLimitMiB: 256,
        heapUsedPeakMiB: 96.5,
      }),
      memory({ name: 'triage', kind: 'service', steadyMiB: 240, peakMiB: 300, heapLimitMiB: 192 }),
      memory({ name: 'Kafka broker', kind: 'broker', steadyMiB: 580, peakMiB: 600 }),
      memory({ name: 'PostgreSQL', kind: 'database', steadyMiB: null, peakMiB: null }),
    ],
    ...overrides,
  };
}

describe('the bench report', () => {
  it('sets each stage against the lower of its raw limits (latency: the log’s p99 over the stage’s)', () => {
    expect(ratiosOf(figures())).toEqual({
      // 2,500 tickets/s of min(10,000 events/s / 2 events a ticket, 10,000 tickets/s)
      intake: 0.5,
      endToEnd: 0.1,
      // 12,500 events/s of min(40,000, 20,000)
      rebuild: 0.625,
    });
  });

  it('says which target is met', () => {
    const all = figures();
    const met = Object.fromEntries(
      targetsOf(all, ratiosOf(all)).map((check) => [check.id, check.met]),
    );
    expect(met).toEqual({
      'intake.ticketsPerSecond': true,
      'intake.p99Ms': true,
      'intake.ratio': true,
      'endToEnd.p99Ms': true,
      'endToEnd.ratio': false,
      'rebuild.eventsPerSecond': false,
      'rebuild.ratio': true,
      'memory.intake': true,
      'memory.triage': false,
    });
  });

  it('does not count the end-to-end latency as met below the target’s rate, or with tickets refused or missing', () => {
    const slow = figures({ endToEnd: { ...figures().endToEnd, offeredRate: 100 } });
    const lost = figures({ endToEnd: { ...figures().endToEnd, missing: 3 } });
    const refused = figures({ endToEnd: { ...figures().endToEnd, accepted: 9_000 } });
    for (const run of [slow, lost, refused]) {
      expect(
        targetsOf(run, ratiosOf(run)).find((check) => check.id === 'endToEnd.p99Ms')?.met,
      ).toBe(false);
    }
  });

  it('says where a ticket’s CPU goes, largest first, and the ceiling that puts on the machine', () => {
    expect(cpuLine({ intake: 3, triage: 1, PostgreSQL: 4, 'Kafka broker': null }, 2)).toBe(
      'Where an accepted ticket’s CPU goes (intake stage and the read models’ catch-up): ' +
        'PostgreSQL 4.0 ms (50 %), intake 3.0 ms (38 %), triage 1.0 ms (13 %); ' +
        '8.0 ms in all, so at most 250 tickets/s on 2 CPUs.',
    );
  });

  it('prints a row for every stage and every process measured', () => {
    const all = figures();
    const table = renderTable({
      ...all,
      ratios: ratiosOf(all),
      targets: targetsOf(all, ratiosOf(all)),
    });
    const rows = table.split('\n');
    for (const label of [...STAGE_ROWS, ...all.memory.map((figure) => memoryRow(figure.name))]) {
      expect(rows.filter((row) => row.startsWith(label))).toHaveLength(1);
    }
    expect(rows.find((row) => row.startsWith('memory: triage'))).toMatch(
      /steady 240, peak 300 MiB\s+peak < 256 MiB\s+no\s+V8 heap ≤ 192 MiB$/,
    );
    expect(rows.find((row) => row.startsWith('memory: intake'))).toMatch(
      /steady 150, peak 180 MiB\s+peak < 256 MiB\s+yes\s+V8 heap ≤ 256 MiB, used ≤ 97$/,
    );
    expect(rows.find((row) => row.startsWith('memory: Kafka broker'))).toMatch(
      /steady 580, peak 600 MiB$/,
    );
    expect(rows.find((row) => row.startsWith('memory: PostgreSQL'))).toMatch(/n\/a$/);
    expect(rows.find((row) => row.startsWith('intake: accepted'))).toMatch(
      /2,500 tickets\/s\s+≥ 2,000\s+yes\s+log 5,000, db 10,000 tickets\/s\s+0\.50\s+yes/,
    );
    expect(table).toContain('the log: Kafka from env;');
    expect(table).toContain(
      'Raw limits: kafkajs alone produced 10,000 and consumed 40,000 events/s',
    );
  });

  it('names the PostgreSQL log and its adapter when the bench ran on it', () => {
    const base = figures();
    const all = figures({
      parameters: { ...base.parameters, log: 'postgres' },
      limits: { ...base.limits, log: { ...base.limits.log, client: 'PostgresEventLog' } },
      memory: base.memory.filter((figure) => figure.kind !== 'broker'),
    });
    const table = renderTable({
      ...all,
      ratios: ratiosOf(all),
      targets: targetsOf(all, ratiosOf(all)),
    });
    expect(table).toContain('the log: PostgreSQL (EVENT_LOG=postgres');
    expect(table).toContain(
      'Raw limits: PostgresEventLog alone (no service around it) appended 10,000 and consumed 40,000 events/s',
    );
    expect(table).not.toContain('Kafka broker');
  });
});
