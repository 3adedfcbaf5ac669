/** How a notification is retried; see docs/notifications.md for the schedule it gives. */
export interface RetryPolicy {
  /** The wait after the first failed attempt; it doubles after each further one. */
  readonly baseMs: number;
  /** The longest wait. */
  readonly maxMs: number;
  /** Attempts, the first included, before the notification is given up. */
  readonly maxAttempts: number;
}

/**
 * The wait before the next attempt once `attempts` attempts have failed, or null when none is
 * left. Exponential, capped, with ±20 % jitter (`random` in [0, 1)) so that notifications that
 * failed together (a receiver down) do not all come back at the same instant.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempts: number,
  random: () => number,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = policy.baseMs * 2 ** Math.max(0, attempts - 1);
  const jittered = Math.min(policy.maxMs, exponential) * (0.8 + 0.4 * random());
  return Math.round(Math.min(policy.maxMs, jittered));
}
