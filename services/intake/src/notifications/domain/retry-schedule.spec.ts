import { RetryPolicy, nextRetryDelay } from './retry-schedule';

const policy: RetryPolicy = { baseMs: 30_000, maxMs: 21_600_000, maxAttempts: 12 };
const middle = () => 0.5;

describe('the retry schedule', () => {
  it('doubles the wait after each failed attempt, from the base', () => {
    expect([1, 2, 3, 4].map((attempts) => nextRetryDelay(policy, attempts, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
  });

  it('never waits longer than the cap', () => {
    expect(nextRetryDelay(policy, 11, middle)).toBe(21_600_000);
    expect(nextRetryDelay(policy, 11, () => 0.999)).toBe(21_600_000);
  });

  it('spreads retries by ±20 % so failures together do not come back together', () => {
    expect(nextRetryDelay(policy, 1, () => 0)).toBe(24_000);
    expect(nextRetryDelay(policy, 1, () => 0.999_999)).toBe(36_000);
  });

  it('gives up once the last attempt failed', () => {
    expect(nextRetryDelay(policy, 12, middle)).toBeNull();
    expect(nextRetryDelay({ ...policy, maxAttempts: 1 }, 1, middle)).toBeNull();
  });
});
