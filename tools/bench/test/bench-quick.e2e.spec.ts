import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, serviceRuntimeFrom } from '@helpdesk/launcher';
import { BenchResults, STAGE_ROWS, memoryRow } from '../src/report';

const WORKSPACE = path.resolve(__dirname, '../../..');
const RUN_WITHIN_MS = 300_000;

/** Every figure of the JSON, as a path: each must be a number (memory may be null: n/a). */
const FIGURES = [
  'limits.log.produceEventsPerSecond',
  'limits.log.consumeEventsPerSecond',
  'limits.log.latencyAtRate.ms.p50',
  'limits.log.latencyAtRate.ms.p99',
  'limits.database.rowsPerSecond',
  'limits.database.eventsPerSecond',
  'limits.database.ticketsPerSecond',
  'intake.ticketsPerSecond',
  'intake.latencyMs.p50',
  'intake.latencyMs.p95',
  'intake.latencyMs.p99',
  'endToEnd.visibleMs.p50',
  'endToEnd.visibleMs.p99',
  'endToEnd.catchUpMs',
  'rebuild.eventsPerSecond',
  'ratios.intake',
  'ratios.endToEnd',
  'ratios.rebuild',
];

/**
 * `npm run bench -- --quick` on the broker and database of this jest run, and with `--log
 * postgres` on the database alone: the smoke tests of the bench. Numbers are not judged here
 * (speed is never asserted), only that each was measured, written and printed.
 */
describe('npm run bench -- --quick', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  });

  afterAll(() => rm(folder, { recursive: true, force: true }));

  it(
    'measures every stage beside its raw limit, prints the table and writes the same figures as JSON',
    async () => {
      const results = path.join(folder, 'kafka');
      const out = path.join(results, 'results.json');
      const run = await runBench(['--quick', '--out', out], results);
      const figures = await expectAFullRun(run, out, results);

      expect(figures.parameters.log).toBe('kafka');
      expect(figures.limits.log.client).toBe('kafkajs');
      expect(figures.memory.map((figure) => figure.name)).toEqual([
        ...SERVICE_NAMES,
        'Kafka broker',
        'PostgreSQL',
      ]);
    },
    RUN_WITHIN_MS,
  );

  it(
    'runs the same stages on the PostgreSQL log with --log postgres, its raw limit through PostgresEventLog',
    async () => {
      const results = path.join(folder, 'postgres');
      const out = path.join(results, 'results.json');
      const run = await runBench(['--quick', '--log', 'postgres', '--out', out], results);
      const figures = await expectAFullRun(run, out, results);

      expect(figures.parameters.log).toBe('postgres');
      expect(figures.limits.log.client).toBe('PostgresEventLog');
      expect(figures.memory.map((figure) => figure.name)).toEqual([...SERVICE_NAMES, 'PostgreSQL']);
      expect(run.stdout).toContain('the log: PostgreSQL');
    },
    RUN_WITHIN_MS,
  );
});

/** Every figure measured, written and printed; each service's memory steady and peak. */
async function expectAFullRun(
  run: { code: number | null; stdout: string; stderr: string },
  out: string,
  folder: string,
): Promise<BenchResults> {
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
    code: 0,
    stderr: '',
  });

  const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults;
  for (const figure of FIGURES) {
    expect({ figure, value: typeof valueAt(results, figure) }).toEqual({
      figure,
      value: 'number',
    });
  }
  // Compiled, as npm start and the images run them, unless HELPDESK_SERVICE_RUNTIME says otherwise.
  expect(results.serviceRuntime).toBe(serviceRuntimeFrom(process.env));
  expect(results.intake.accepted).toBeGreaterThan(0);
  expect(results.endToEnd.accepted).toBe(results.endToEnd.sent);
  expect(results.endToEnd.missing).toBe(0);
  expect(results.rebuild.events).toBeGreaterThanOrEqual(2_000);
  const memory = Object.fromEntries(results.memory.map((figure) => [figure.name, figure]));
  for (const service of SERVICE_NAMES) {
    expect(memory[service]?.steadyMiB).toBeGreaterThan(0);
    expect(memory[service]?.peakMiB).toBeGreaterThanOrEqual(memory[service]?.steadyMiB ?? 0);
    expect(memory[service]?.heapLimitMiB).toBeGreaterThan(0);
  }
  expect(results.targets.map((target) => target.id)).toContain('rebuild.eventsPerSecond');
  // The run's own copy, named after its start.
  expect((await readdir(folder)).filter((name) => name.endsWith('Z.json'))).toHaveLength(1);

  const rows = run.stdout.split('\n');
  for (const label of [...STAGE_ROWS, ...Object.keys(memory).map(memoryRow)]) {
    expect({ label, printed: rows.some((row) => row.startsWith(label)) }).toEqual({
      label,
      printed: true,
    });
  }
  expect(run.stderr).toMatch(/\[bench\] intake \d+\/∞ \d+ tickets\/s/);
  return results;
}

function runBench(
  args: string[],
  folder: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        './tools/bench/swc-project.js',
        '-r',
        '@swc-node/register',
        'tools/bench/bench.ts',
        ...args,
      ],
      {
        cwd: WORKSPACE,
        env: { ...process.env, BENCH_RESULTS_DIR: folder },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function valueAt(results: BenchResults, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined,
      results,
    );
}
