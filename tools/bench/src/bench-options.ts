import path from 'node:path';
import { parseArgs } from 'node:util';

/** The product's log: Kafka (production), or the PostgreSQL log of the embedded default. */
export type BenchLog = 'kafka' | 'postgres';

export const BENCH_LOGS: readonly BenchLog[] = ['kafka', 'postgres'];

export interface BenchOptions {
  /** A smoke run: small numbers, a few seconds a stage. */
  quick: boolean;
  /** Which log the services run on, and whose raw limit the stages are set against. */
  log: BenchLog;
  /** Partitions of the product's topic and of the raw log's topic. */
  partitions: number;
  intake: { concurrency: number; warmupSeconds: number; seconds: number };
  endToEnd: { rate: number; seconds: number };
  /** Events on the log when the level 1 read model is rebuilt (topped up if fewer). */
  rebuildEvents: number;
  /** Events the raw limits produce, consume and insert. */
  limitEvents: number;
  /** Where the JSON goes besides `bench-results/<timestamp>.json`. */
  out?: string;
  /** Write each service's V8 CPU profile (node --cpu-prof) beside the results. */
  cpuProfile: boolean;
}

interface Parameter {
  flag: string;
  env: string;
  full: number;
  quick: number;
  describe: string;
  set: (options: BenchOptions, value: number) => void;
}

/** The fixed parameters, each settable by a flag or an environment variable (the flag wins). */
const PARAMETERS: readonly Parameter[] = [
  {
    flag: 'concurrency',
    env: 'BENCH_CONCURRENCY',
    full: 64,
    quick: 4,
    describe: 'intake: requests in flight at once',
    set: (options, value) => (options.intake.concurrency = value),
  },
  {
    flag: 'warmup-seconds',
    env: 'BENCH_WARMUP_SECONDS',
    full: 5,
    quick: 1,
    describe: 'intake: load before measuring',
    set: (options, value) => (options.intake.warmupSeconds = value),
  },
  {
    flag: 'intake-seconds',
    env: 'BENCH_INTAKE_SECONDS',
    full: 30,
    quick: 3,
    describe: 'intake: measured duration',
    set: (options, value) => (options.intake.seconds = value),
  },
  {
    flag: 'rate',
    env: 'BENCH_RATE',
    full: 500,
    quick: 50,
    describe: 'end to end: tickets offered per second',
    set: (options, value) => (options.endToEnd.rate = value),
  },
  {
    flag: 'e2e-seconds',
    env: 'BENCH_E2E_SECONDS',
    full: 20,
    quick: 3,
    describe: 'end to end: how long the rate is offered',
    set: (options, value) => (options.endToEnd.seconds = value),
  },
  {
    flag: 'rebuild-events',
    env: 'BENCH_REBUILD_EVENTS',
    full: 20_000,
    quick: 2_000,
    describe: 'rebuild: events on the log to replay',
    set: (options, value) => (options.rebuildEvents = value),
  },
  {
    flag: 'limit-events',
    env: 'BENCH_LIMIT_EVENTS',
    full: 100_000,
    quick: 2_000,
    describe: 'raw limits: events produced, consumed and inserted',
    set: (options, value) => (options.limitEvents = value),
  },
  {
    flag: 'partitions',
    env: 'BENCH_PARTITIONS',
    full: 12,
    quick: 3,
    describe: 'partitions of the topics',
    set: (options, value) => (options.partitions = value),
  },
];

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

/** Reads the options from the command line and the environment; throws BenchUsageError naming a wrong one. */
export function readBenchOptions(
  argv: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
): BenchOptions | 'help' {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.help) return 'help';
  const quick = parsed.quick ?? false;
  const log = parsed.log ?? environment['BENCH_LOG'] ?? 'kafka';
  if (!isBenchLog(log)) {
    throw new BenchUsageError(
      `${parsed.log === undefined ? 'BENCH_LOG' : '--log'} must be ${BENCH_LOGS.join(' or ')}, got "${log}"`,
    );
  }
  const options: BenchOptions = {
    quick,
    log,
    partitions: 0,
    intake: { concurrency: 0, warmupSeconds: 0, seconds: 0 },
    endToEnd: { rate: 0, seconds: 0 },
    rebuildEvents: 0,
    limitEvents: 0,
    out: parsed.out ?? environment['BENCH_OUT'],
    cpuProfile: parsed['cpu-prof'] === true,
  };
  for (const parameter of PARAMETERS) {
    const fromFlag = parsed[parameter.flag];
    const fromEnv = environment[parameter.env];
    const [text, source] =
      typeof fromFlag === 'string'
        ? [fromFlag, `--${parameter.flag}`]
        : fromEnv !== undefined && fromEnv !== ''
          ? [fromEnv, parameter.env]
          : [undefined, ''];
    parameter.set(
      options,
      text === undefined
        ? quick
          ? parameter.quick
          : parameter.full
        : positiveInteger(text, source),
    );
  }
  return options;
}

export function usage(): string {
  const width = Math.max(...PARAMETERS.map((parameter) => parameter.flag.length)) + 8;
  const lines = PARAMETERS.map(
    (parameter) =>
      `  --${`${parameter.flag} N`.padEnd(width)}${parameter.describe} ` +
      `(${parameter.env}; default ${parameter.full}, ${parameter.quick} with --quick)`,
  );
  return [
    'npm run bench -- [options]',
    '',
    '  --quick' + ' '.repeat(width - 5) + 'a smoke run with small numbers',
    `  --${'log LOG'.padEnd(width)}the services' log: kafka (the default) or postgres, the ` +
      'embedded default’s PostgreSQL log (BENCH_LOG)',
    '  --cpu-prof' +
      ' '.repeat(width - 8) +
      'write each service’s CPU profile (open it in ' +
      'Chrome DevTools) to bench-results/<start time>-profiles/',
    `  --${'out FILE'.padEnd(width)}also write the JSON there (BENCH_OUT); it always goes to ` +
      'bench-results/<start time>.json (BENCH_RESULTS_DIR)',
    ...lines,
    '',
    'Kafka and PostgreSQL: KAFKA_BROKERS and DATABASE_URL, else provisioned as for npm test.',
    'The services run compiled, as npm start and the images run them (built first if stale), each',
    'with its heap limit: <NAME>_HEAP_MIB (INTAKE_HEAP_MIB...), else the defaults of npm start.',
  ].join('\n');
}

/** `<folder>/2026-05-04T07-31-12Z.json`; the folder is BENCH_RESULTS_DIR, else `bench-results/`. */
export function resultsFile(
  workspaceRoot: string,
  startedAt: Date,
  folder = path.join(workspaceRoot, 'bench-results'),
): string {
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return path.join(folder, `${stamp}.json`);
}

function parseCommandLine(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      'cpu-prof': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string' },
      log: { type: 'string' },
      ...Object.fromEntries(
        PARAMETERS.map((parameter) => [parameter.flag, { type: 'string' as const }]),
      ),
    },
    strict: true,
    allowPositionals: false,
  });
  return values as Record<string, string | boolean | undefined> & {
    quick?: boolean;
    help?: boolean;
    out?: string;
    log?: string;
  };
}

function isBenchLog(value: string): value is BenchLog {
  return (BENCH_LOGS as readonly string[]).includes(value);
}

function positiveInteger(text: string, source: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new BenchUsageError(`${source} must be a positive integer, got "${text}"`);
  }
  return Number(text);
}
