import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES } from '@helpdesk/launcher';
import { BenchProduct } from '../bench-product';
import { ticketEvents } from '../payloads';
import { ProductLog } from '../product-log';
import { Progress, formatNumber, say, round } from '../progress';

const APPEND_BATCH = 500;

export interface RebuildResult {
  service: 'triage';
  /** Events the rebuild applied: the whole log. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Of those, appended straight to the log by the bench to reach the asked number. */
  toppedUp: number;
  /**
   * Positions the four read models were behind the log when the rebuild started (0 unless the
   * machine was too busy for them to catch up within 5 minutes; they then competed with it).
   */
  behindAtStart: number;
}

/**
 * Rebuilds the level-1 read model (triage) from a log of at least `events` events: what the
 * earlier stages left, topped up with the same tickets' events appended to the product's log
 * (its topic, or its PostgreSQL log). Timed from the operator's POST
 * /internal/v1/read-model/rebuild until the read model has caught up.
 */
export async function runRebuildStage(
  bench: BenchProduct,
  log: ProductLog,
  events: number,
  firstTicket: number,
): Promise<RebuildResult> {
  let toppedUp = 0;
  const missing = events - (await log.count());
  if (missing > 0) {
    const progress = new Progress('rebuild: topping up the log', missing, 'events');
    for (let n = firstTicket; toppedUp < missing;) {
      const batch = [];
      while (batch.length < APPEND_BATCH && toppedUp + batch.length < missing) {
        batch.push(...ticketEvents(n++, bench.category, bench.integratorId));
      }
      await log.append(batch);
      toppedUp += batch.length;
      progress.set(toppedUp);
    }
    progress.finish();
  }
  const othersBehind = await waitUntilEveryReadModelCaughtUp(bench);

  const before = await bench.readModel('triage');
  const internal = { authorization: `Bearer ${bench.product.secrets.INTERNAL_API_TOKEN}` };
  const startedAt = performance.now();
  const answer = await bench.http.request(
    'POST',
    bench.product.url('triage', '/internal/v1/read-model/rebuild'),
    { headers: internal },
  );
  if (answer.status !== 202) throw new Error(`POST rebuild answered ${answer.status}`);
  const total = (await bench.readModel('triage')).behind;
  const progress = new Progress('rebuild', total, 'events');
  for (;;) {
    const status = await bench.readModel('triage').catch(() => undefined);
    if (!status) {
      await sleep(100);
      continue;
    }
    progress.set(status.counts.applied - before.counts.applied);
    if (status.state === 'running' && status.caughtUp) {
      const seconds = (performance.now() - startedAt) / 1000;
      const applied = status.counts.applied - before.counts.applied;
      const result: RebuildResult = {
        service: 'triage',
        events: applied,
        seconds: round(seconds, 2),
        eventsPerSecond: round(applied / seconds),
        toppedUp,
        behindAtStart: Number.isFinite(othersBehind) ? othersBehind : -1,
      };
      progress.finish(`${formatNumber(result.eventsPerSecond)} events/s`);
      return result;
    }
    await sleep(100);
  }
}

/**
 * Waits until every service's projection has reached the end of the log (GET
 * /internal/v1/read-model), for at most `timeoutMs`; resolves with the positions still behind
 * then (0 once caught up). A service too busy to answer in time counts as not caught up yet.
 */
export async function waitUntilEveryReadModelCaughtUp(
  bench: BenchProduct,
  timeoutMs = 300_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  let behind = Infinity;
  for (;;) {
    const statuses = await Promise.all(
      SERVICE_NAMES.map((name) => bench.readModel(name).catch(() => undefined)),
    );
    if (statuses.every((status) => status !== undefined)) {
      behind = statuses.reduce((sum, status) => sum + (status?.behind ?? 0), 0);
      if (behind === 0) return 0;
    }
    if (Date.now() > deadline) {
      say(`the read models are still ${formatNumber(behind)} positions behind the log: going on`);
      return behind;
    }
    if (Date.now() - lastReport > 5_000) {
      say(`waiting for the read models: ${formatNumber(behind)} positions behind the log`);
      lastReport = Date.now();
    }
    await sleep(500);
  }
}
