import { BenchUsageError, readBenchOptions, resultsFile } from './bench-options';

describe('the bench options', () => {
  it('are the issue’s fixed parameters by default', () => {
    expect(readBenchOptions([], {})).toEqual({
      quick: false,
      log: 'kafka',
      partitions: 12,
      intake: { concurrency: 64, warmupSeconds: 5, seconds: 30 },
      endToEnd: { rate: 500, seconds: 20 },
      rebuildEvents: 20_000,
      limitEvents: 100_000,
      out: undefined,
      cpuProfile: false,
    });
  });

  it('are small numbers with --quick', () => {
    expect(readBenchOptions(['--quick'], {})).toMatchObject({
      quick: true,
      intake: { concurrency: 4, seconds: 3 },
      endToEnd: { rate: 50, seconds: 3 },
      rebuildEvents: 2_000,
    });
  });

  it('take a flag over the environment, and the environment over the default', () => {
    const options = readBenchOptions(['--rate', '200', '--out=/tmp/run.json'], {
      BENCH_RATE: '300',
      BENCH_CONCURRENCY: '32',
    });
    expect(options).toMatchObject({
      endToEnd: { rate: 200 },
      intake: { concurrency: 32 },
      out: '/tmp/run.json',
    });
    expect(readBenchOptions(['--cpu-prof'], {})).toMatchObject({ cpuProfile: true });
  });

  it('refuse a value that is not a positive integer, naming where it came from', () => {
    expect(() => readBenchOptions(['--concurrency', '0'], {})).toThrow(
      new BenchUsageError('--concurrency must be a positive integer, got "0"'),
    );
    expect(() => readBenchOptions([], { BENCH_RATE: 'fast' })).toThrow(
      new BenchUsageError('BENCH_RATE must be a positive integer, got "fast"'),
    );
  });

  it('run on the PostgreSQL log with --log postgres or BENCH_LOG, and on no other log', () => {
    expect(readBenchOptions(['--log', 'postgres'], {})).toMatchObject({ log: 'postgres' });
    expect(readBenchOptions([], { BENCH_LOG: 'postgres' })).toMatchObject({ log: 'postgres' });
    expect(readBenchOptions(['--log=kafka'], { BENCH_LOG: 'postgres' })).toMatchObject({
      log: 'kafka',
    });
    expect(() => readBenchOptions(['--log', 'redis'], {})).toThrow(
      new BenchUsageError('--log must be kafka or postgres, got "redis"'),
    );
  });

  it('refuse an unknown flag', () => {
    expect(() => readBenchOptions(['--speed', '3'], {})).toThrow(BenchUsageError);
  });

  it('name the results file after the start time', () => {
    expect(resultsFile('/repo', new Date('2026-05-04T07:31:12.345Z'))).toBe(
      '/repo/bench-results/2026-05-04T07-31-12Z.json',
    );
  });
});
