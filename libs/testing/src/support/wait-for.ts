export interface WaitForOptions {
  /** What is awaited, completing the sentence "Timed out waiting for ...". */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `predicate` until it returns true. A predicate that throws counts as "not yet" (e.g. a
 * table that does not exist yet); its last error is attached to the timeout error.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { description, timeoutMs = 10_000, intervalMs = 100 }: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) break;
    await sleep(Math.min(intervalMs, remainingMs));
  }
  const lastErrorText = lastError === undefined ? '' : ` (last error: ${errorMessage(lastError)})`;
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${lastErrorText}`, {
    cause: lastError,
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
