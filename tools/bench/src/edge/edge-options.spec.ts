import { BenchUsageError } from '../bench-options';
import { readEdgeOptions } from './edge-options';
import { EDGE_VARIANTS } from './edge-variants';

describe('the edge bench options', () => {
  it('run every variant five times by default, 20,000 requests each after 5,000', () => {
    expect(readEdgeOptions([], {})).toEqual({
      quick: false,
      requests: 20_000,
      warmup: 5_000,
      rounds: 5,
      concurrency: 64,
      variants: EDGE_VARIANTS.map((variant) => variant.id),
    });
  });

  it('are small numbers with --quick, a flag winning over the environment', () => {
    expect(readEdgeOptions(['--quick'], {})).toMatchObject({
      requests: 2_000,
      warmup: 500,
      rounds: 1,
    });
    expect(
      readEdgeOptions(['--requests', '300', '--out=/tmp/edge.json'], {
        BENCH_EDGE_REQUESTS: '100',
        BENCH_EDGE_ROUNDS: '7',
      }),
    ).toMatchObject({ requests: 300, rounds: 7, out: '/tmp/edge.json' });
  });

  it('take a subset of the variants, in the table’s order', () => {
    expect(readEdgeOptions(['--variants', 'fastify-zod, node-http'], {})).toMatchObject({
      variants: ['node-http', 'fastify-zod'],
    });
  });

  it('refuse what they cannot use, naming it', () => {
    expect(() => readEdgeOptions(['--variants', 'koa'], {})).toThrow(BenchUsageError);
    expect(() => readEdgeOptions(['--rounds', '0'], {})).toThrow(
      new BenchUsageError('--rounds must be a positive integer, got "0"'),
    );
    expect(() => readEdgeOptions([], { BENCH_EDGE_WARMUP: 'lots' })).toThrow(
      new BenchUsageError('BENCH_EDGE_WARMUP must be a positive integer, got "lots"'),
    );
    expect(() => readEdgeOptions(['--edge'], {})).toThrow(BenchUsageError);
    expect(readEdgeOptions(['-h'], {})).toBe('help');
  });
});
