import { setTimeout as sleep } from 'node:timers/promises';

export type Readiness = { ready: true } | { ready: false; reason: string };

const NOT_PROBED: Readiness = { ready: false, reason: 'not probed yet' };

export interface ReadinessTarget {
  name: string;
  /** The service's GET /health/ready. */
  url: string;
}

export interface ReadinessProgress {
  ready: string[];
  pending: { name: string; reason: string }[];
}

export interface WaitUntilReadyOptions {
  /** Told after the first round of probes, then whenever the set of ready services changes. */
  onChange: (progress: ReadinessProgress) => void;
  /** Told every `remindEveryMs` while nothing changes, with why each pending service is not ready. */
  onStillWaiting: (progress: ReadinessProgress) => void;
  remindEveryMs?: number;
  intervalMs?: number;
  /** Gives up (rejects with the abort reason) when aborted. */
  signal: AbortSignal;
}

/** GET /health/ready once: ready on 200, else the reason in a few words. */
export async function probeReadiness(url: string, timeoutMs = 2_000): Promise<Readiness> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 200) return { ready: true };
    const body: unknown = await response.json().catch(() => undefined);
    return { ready: false, reason: `${response.status}${describeDownChecks(body)}` };
  } catch (error) {
    return { ready: false, reason: describeFetchError(error, timeoutMs) };
  }
}

/** Polls every target's readiness until all answer 200 at once. */
export async function waitUntilReady(
  targets: readonly ReadinessTarget[],
  {
    onChange,
    onStillWaiting,
    remindEveryMs = 10_000,
    intervalMs = 500,
    signal,
  }: WaitUntilReadyOptions,
): Promise<void> {
  let reported: string | undefined;
  let remindAt = 0;
  for (;;) {
    signal.throwIfAborted();
    const probes = await Promise.all(targets.map((target) => probeReadiness(target.url)));
    const progress = progressOf(targets, probes);
    const readyNow = progress.ready.join(',');
    if (readyNow !== reported) {
      onChange(progress);
      reported = readyNow;
      remindAt = Date.now() + remindEveryMs;
    } else if (Date.now() >= remindAt) {
      onStillWaiting(progress);
      remindAt = Date.now() + remindEveryMs;
    }
    if (progress.pending.length === 0) return;
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}

function progressOf(
  targets: readonly ReadinessTarget[],
  probes: readonly Readiness[],
): ReadinessProgress {
  const progress: ReadinessProgress = { ready: [], pending: [] };
  for (const [index, { name }] of targets.entries()) {
    const readiness = probes[index] ?? NOT_PROBED;
    if (readiness.ready) progress.ready.push(name);
    else progress.pending.push({ name, reason: readiness.reason });
  }
  return progress;
}

/** ` (projection: 3 positions behind (running))` from a 503 body of the health controller. */
function describeDownChecks(body: unknown): string {
  const checks = isRecord(body) && isRecord(body['details']) ? body['details'] : {};
  const down = Object.entries(checks).flatMap(([name, check]) =>
    isRecord(check) && check['status'] === 'down' ? [`${name}: ${String(check['reason'])}`] : [],
  );
  return down.length > 0 ? ` (${down.join('; ')})` : '';
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors come from another realm under jest, where instanceof fails.
  const fields = isRecord(error) ? error : {};
  const cause = isRecord(fields['cause']) ? fields['cause'] : {};
  if (cause['code'] === 'ECONNREFUSED') return 'not listening yet';
  if (fields['name'] === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return typeof fields['message'] === 'string' ? fields['message'] : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
