import { answerPasses } from './edge-checks';
import { EdgeResults, EdgeRound, median, renderEdgeTable, summarize } from './edge-report';

const latencyMs = (p50: number, p99: number) => ({
  count: 1,
  p50,
  p95: p99,
  p99,
  max: p99,
  mean: p50,
});

function round(variant: string, n: number, rps: number, cpu: number): EdgeRound {
  return {
    variant,
    round: n,
    requests: 1_000,
    seconds: 1_000 / rps,
    requestsPerSecond: rps,
    latencyMs: latencyMs(10 * n, 20 * n),
    serverCpuMsPerRequest: cpu,
    loadCpuMsPerRequest: 0.05,
    statuses: { '201': 1_000 },
  };
}

describe('the edge bench report', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('gives each variant the medians of its rounds and its ratios to (a)', () => {
    const figures = summarize([
      round('fastify-zod', 1, 3_000, 0.3),
      round('express-class-validator', 1, 1_000, 0.9),
      round('express-class-validator', 2, 1_200, 0.7),
      round('express-class-validator', 3, 1_100, 0.8),
      round('fastify-zod', 2, 3_300, 0.2),
      { ...round('fastify-zod', 3, 3_100, 0.25), statuses: { '201': 990, failed: 10 } },
    ]);
    expect(figures.map((figure) => figure.variant)).toEqual([
      'express-class-validator',
      'fastify-zod',
    ]);
    expect(figures[0]).toMatchObject({
      label: '(a)',
      requestsPerSecond: 1_100,
      serverCpuMsPerRequest: 0.8,
      serverCpuMsRange: [0.7, 0.9],
      p50Ms: 20,
      ratios: null,
      refused: {},
    });
    expect(figures[1]?.ratios?.requestsPerSecond).toBeCloseTo(3_100 / 1_100);
    expect(figures[1]?.ratios?.serverCpu).toBeCloseTo(0.25 / 0.8);
    expect(figures[1]?.refused).toEqual({ failed: 10 });
  });

  it('renders a row per variant, with its checks', () => {
    const rounds = [
      round('express-class-validator', 1, 1_000, 0.8),
      round('fastify-zod', 1, 2_000, 0.4),
    ];
    const results: EdgeResults = {
      version: 1,
      startedAt: '2026-12-02T10:00:00.000Z',
      finishedAt: '2026-12-02T10:05:00.000Z',
      parameters: {
        quick: false,
        requests: 1_000,
        warmup: 100,
        rounds: 1,
        concurrency: 64,
        variants: ['express-class-validator', 'fastify-zod'],
      },
      machine: { cpus: 2, cpuModel: 'CPU', node: 'v20', loadAverage: { start: 1, end: 2 } },
      figures: summarize(rounds),
      rounds,
      checks: {
        'fastify-zod': [
          {
            name: 'a body over 64 kB',
            expectedStatus: 413,
            status: 413,
            message: 'x',
            passed: false,
          },
        ],
      },
    };
    const table = renderEdgeTable(results);
    expect(table).toMatch(/\(a\) express-class-validator +1,000 +10\.00 +20\.00 +0\.800 +n\/a/);
    expect(table).toMatch(/\(d\) fastify-zod +2,000 +2\.00 +.* 0\.400 +0\.50 +0\/1/);
    expect(table).toContain('check failed: fastify-zod: a body over 64 kB answered 413 "x"');
  });

  it('passes a check on its status and, when pinned, one of its messages', () => {
    expect(answerPasses({ expectedStatus: 413 }, 413, 'anything')).toBe(true);
    expect(answerPasses({ expectedStatus: 400, expectedMessage: 'a' }, 400, ['b', 'a'])).toBe(true);
    expect(answerPasses({ expectedStatus: 400, expectedMessage: 'a' }, 400, 'b')).toBe(false);
    expect(answerPasses({ expectedStatus: 201 }, 'failed', undefined)).toBe(false);
  });
});
