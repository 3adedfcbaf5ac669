import { MemorySampler, median } from './memory-sampler';

describe('the memory sampler', () => {
  it('takes the median as the steady figure: one spike does not move it', () => {
    expect(median([100, 101, 400, 102, 99])).toBe(101);
    expect(median([100, 110])).toBe(105);
    expect(median([])).toBeUndefined();
  });

  it('reports a process’s steady RSS from the load stages only, and its peak since it started', async () => {
    const sampler = new MemorySampler(
      [
        { name: 'this process', kind: 'service', pid: process.pid, heapLimitMiB: 192 },
        { name: 'elsewhere', kind: 'broker', pid: undefined, unavailable: 'n/a: not here' },
      ],
      ['load'],
      20,
    );
    sampler.start();
    sampler.stage('raw limit');
    await new Promise((resolve) => setTimeout(resolve, 60));
    sampler.stage('load');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [here, elsewhere] = sampler.stop();

    expect(here).toMatchObject({ kind: 'service', heapLimitMiB: 192 });
    expect(here?.loadSamples).toBeGreaterThanOrEqual(3);
    expect(here?.steadyMiB).toBeGreaterThan(0);
    expect(here?.peakMiB).toBeGreaterThanOrEqual(here?.steadyMiB ?? Infinity);
    expect(Object.keys(here?.byStageMiB ?? {})).toEqual(['start', 'raw limit', 'load']);
    expect(here?.method).toMatch(/steady = median of the \d+ samples of the load stages \(load\)/);
    expect(elsewhere).toMatchObject({ steadyMiB: null, peakMiB: null, method: 'n/a: not here' });
  });
});
