import { parseArgs } from 'node:util';
import { BenchUsageError } from '../bench-options';
import { EDGE_VARIANTS } from './edge-variants';

export interface EdgeOptions {
  quick: boolean;
  /** Measured requests per variant and round. */
  requests: number;
  /** Requests before measuring, in each server process. */
  warmup: number;
  /** Each round runs every variant once, in a fresh process; the figures are the medians. */
  rounds: number;
  /** Keep-alive connections, one request in flight on each. */
  concurrency: number;
  /** The ids of the variants to run, in the order of EDGE_VARIANTS. */
  variants: string[];
  out?: string;
}

interface Parameter {
  flag: 'requests' | 'warmup' | 'rounds' | 'concurrency';
  env: string;
  full: number;
  quick: number;
  describe: string;
}

const PARAMETERS: readonly Parameter[] = [
  {
    flag: 'requests',
    env: 'BENCH_EDGE_REQUESTS',
    full: 20_000,
    quick: 2_000,
    describe: 'measured requests per variant and round',
  },
  {
    flag: 'warmup',
    env: 'BENCH_EDGE_WARMUP',
    full: 5_000,
    quick: 500,
    describe: 'requests before measuring',
  },
  {
    flag: 'rounds',
    env: 'BENCH_EDGE_ROUNDS',
    full: 5,
    quick: 1,
    describe: 'rounds over all the variants (the figures are the medians)',
  },
  {
    flag: 'concurrency',
    env: 'BENCH_CONCURRENCY',
    full: 64,
    quick: 64,
    describe: 'requests in flight, each on its keep-alive connection',
  },
];

/** Reads the options of `npm run bench:edge`; throws BenchUsageError naming a wrong one. */
export function readEdgeOptions(
  argv: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
): EdgeOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string' },
        variants: { type: 'string' },
        ...Object.fromEntries(
          PARAMETERS.map((parameter) => [parameter.flag, { type: 'string' as const }]),
        ),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values['help'] === true) return 'help';
  const quick = values['quick'] === true;
  const number = (parameter: Parameter): number => {
    const fromFlag = values[parameter.flag];
    const fromEnv = environment[parameter.env];
    if (typeof fromFlag === 'string') return positiveInteger(fromFlag, `--${parameter.flag}`);
    if (fromEnv !== undefined && fromEnv !== '') return positiveInteger(fromEnv, parameter.env);
    return quick ? parameter.quick : parameter.full;
  };
  const [requests, warmup, rounds, concurrency] = PARAMETERS.map(number) as [
    number,
    number,
    number,
    number,
  ];
  const out = values['out'];
  return {
    quick,
    requests,
    warmup,
    rounds,
    concurrency,
    variants: variantsOf(values['variants']),
    ...(typeof out === 'string' && { out }),
  };
}

export function edgeUsage(): string {
  const width = 18;
  return [
    'npm run bench:edge -- [options]',
    '',
    'intake’s POST /api/v1/tickets without the database behind it, on each HTTP edge variant:',
    ...EDGE_VARIANTS.map((variant) => `  ${variant.id.padEnd(38)}${variant.describe}`),
    '',
    `  ${'--quick'.padEnd(width)}a smoke run with small numbers`,
    `  ${'--variants A,B'.padEnd(width)}only these variants`,
    `  ${'--out FILE'.padEnd(width)}also write the JSON there; it always goes to ` +
      'bench-results/<start time>-edge.json (BENCH_RESULTS_DIR)',
    ...PARAMETERS.map(
      (parameter) =>
        `  ${`--${parameter.flag} N`.padEnd(width)}${parameter.describe} ` +
        `(${parameter.env}; default ${parameter.full}, ${parameter.quick} with --quick)`,
    ),
  ].join('\n');
}

function variantsOf(value: string | boolean | undefined): string[] {
  if (typeof value !== 'string') return EDGE_VARIANTS.map((variant) => variant.id);
  const wanted = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = wanted.filter((id) => !EDGE_VARIANTS.some((variant) => variant.id === id));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new BenchUsageError(
      `--variants takes ids among ${EDGE_VARIANTS.map((variant) => variant.id).join(', ')}; ` +
        `got "${value}"`,
    );
  }
  return EDGE_VARIANTS.map((variant) => variant.id).filter((id) => wanted.includes(id));
}

function positiveInteger(text: string, source: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new BenchUsageError(`${source} must be a positive integer, got "${text}"`);
  }
  return Number(text);
}
