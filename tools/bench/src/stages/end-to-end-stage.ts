import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES, ServiceName } from '@helpdesk/launcher';
import { BenchProduct } from '../bench-product';
import { HttpClient, RequestTimeoutError } from '../http-client';
import { LatencyRecorder, LatencySummary } from '../latency';
import { ticketRequest } from '../payloads';
import { Progress, formatNumber, say, round } from '../progress';
import { TicketChangeWatcher } from '../ticket-change-watcher';

export interface EndToEndOptions {
  rate: number;
  seconds: number;
  /** How long to wait, once every POST is answered, for every read model to have every ticket. */
  catchUpTimeoutSeconds: number;
}

export interface EndToEndResult {
  offeredRate: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** Answers other than 201 by status, and `timeout` or `failed` for no answer. */
  refused: Record<string, number>;
  /** From the moment each POST was due to its ticket's commit in the level-1 read model. */
  visibleMs: LatencySummary;
  /** Accepted tickets that never reached the level-1 read model in time. */
  missing: number;
  /** From the last POST sent until all four read models had every accepted ticket. */
  catchUpMs: number;
  catchUpMsByService: Record<ServiceName, number>;
}

/**
 * Open loop: POSTs are sent at `rate` a second whatever the answers (so a slow answer cannot
 * slow the offered load down), each ticket timed from the moment it was due until the level-1
 * read model commits it; and the time from the last POST until all four read models hold every
 * accepted ticket.
 */
export async function runEndToEndStage(
  bench: BenchProduct,
  databaseUrl: string,
  options: EndToEndOptions,
  firstTicket: number,
): Promise<EndToEndResult> {
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const dueAt = new Map<string, number>();
  const visible = new LatencyRecorder();
  const watcher = new TicketChangeWatcher(bench.product, databaseUrl, (service, id, at) => {
    const due = dueAt.get(id);
    if (service === 'triage' && due !== undefined) visible.record(at - due);
  });
  await watcher.start();
  const http = new HttpClient(256);
  const url = bench.product.url('intake', '/api/v1/tickets');
  const refused: Record<string, number> = {};
  const accepted: string[] = [];
  const progress = new Progress('end to end', total, 'tickets');
  const inFlight: Promise<void>[] = [];

  const send = async (n: number, due: number) => {
    const answer = await http
      .request<{ id: string }>('POST', url, {
        body: ticketRequest(n, bench.category),
        headers: { 'x-api-key': bench.apiKey, 'idempotency-key': randomUUID() },
      })
      .catch((error: unknown) => ({
        status: error instanceof RequestTimeoutError ? 'timeout' : 'failed',
        body: { id: '' },
      }));
    progress.add();
    if (answer.status !== 201) {
      refused[String(answer.status)] = (refused[String(answer.status)] ?? 0) + 1;
      return;
    }
    const id = answer.body.id;
    accepted.push(id);
    dueAt.set(id, due);
    // The read model may have been quicker than the answer reached us.
    const seenAt = watcher.seenBy('triage').get(id);
    if (seenAt !== undefined) visible.record(seenAt - due);
  };

  try {
    const start = performance.now() + 10;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) inFlight.push(send(firstTicket + sent, start + sent * interval));
      await sleep(1);
    }
    const loadEndedAt = performance.now();
    await Promise.all(inFlight);
    progress.finish(`${accepted.length} accepted, waiting for the read models`);

    const deadline = performance.now() + options.catchUpTimeoutSeconds * 1000;
    const missingIn = (service: ServiceName) =>
      accepted.filter((id) => !watcher.seenBy(service).has(id)).length;
    while (performance.now() < deadline && SERVICE_NAMES.some((name) => missingIn(name) > 0)) {
      await sleep(20);
    }
    const catchUpMsByService = Object.fromEntries(
      SERVICE_NAMES.map((service) => {
        const seen = watcher.seenBy(service);
        // A ticket never seen counts as the whole wait: the figure is then a lower bound.
        const last = accepted.reduce((latest, id) => Math.max(latest, seen.get(id) ?? deadline), 0);
        return [service, round(Math.max(0, last - loadEndedAt))];
      }),
    ) as Record<ServiceName, number>;
    const missing = missingIn('triage');
    const stragglers = SERVICE_NAMES.filter((name) => missingIn(name) > 0);
    if (stragglers.length > 0) {
      say(
        `end to end: after ${options.catchUpTimeoutSeconds} s, tickets still missing in ` +
          stragglers.map((name) => `${name} (${missingIn(name)})`).join(', '),
      );
    }
    const result: EndToEndResult = {
      offeredRate: options.rate,
      seconds: options.seconds,
      sent: total,
      accepted: accepted.length,
      refused,
      visibleMs: visible.summary(),
      missing,
      catchUpMs: Math.max(...Object.values(catchUpMsByService)),
      catchUpMsByService,
    };
    say(
      `end to end: visible in level 1 p50 ${result.visibleMs.p50} ms, p99 ${result.visibleMs.p99} ms; ` +
        `all four read models ${formatNumber(result.catchUpMs)} ms after the load ended`,
    );
    return result;
  } finally {
    http.close();
    await watcher.stop();
  }
}
