import { randomUUID } from 'node:crypto';
import { BenchProduct } from '../bench-product';
import { HttpClient, RequestTimeoutError } from '../http-client';
import { LatencyRecorder, LatencySummary } from '../latency';
import { ticketRequest } from '../payloads';
import { Progress, formatNumber, round } from '../progress';

export interface IntakeOptions {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
}

export interface IntakeResult {
  concurrency: number;
  seconds: number;
  accepted: number;
  /** Accepted from the first request to the last answer, the warm-up included. */
  acceptedInStage: number;
  /** Answers other than 201 by status, and `timeout` or `failed` for no answer. */
  refused: Record<string, number>;
  ticketsPerSecond: number;
  latencyMs: LatencySummary;
}

/**
 * Closed loop: `concurrency` integrators each POST a ticket (with an Idempotency-Key), wait for
 * the answer, and POST the next. After the warm-up, every answer counts for `seconds`.
 */
export async function runIntakeStage(
  bench: BenchProduct,
  options: IntakeOptions,
  firstTicket: number,
): Promise<IntakeResult> {
  const http = new HttpClient(options.concurrency);
  const url = bench.product.url('intake', '/api/v1/tickets');
  const latency = new LatencyRecorder();
  const refused: Record<string, number> = {};
  let accepted = 0;
  let acceptedInStage = 0;
  let next = firstTicket;
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const progress = new Progress('intake', undefined, 'tickets');

  const integrator = async () => {
    while (performance.now() < end) {
      const body = ticketRequest(next++, bench.category);
      const sentAt = performance.now();
      const status = await http
        .request('POST', url, {
          body,
          headers: { 'x-api-key': bench.apiKey, 'idempotency-key': randomUUID() },
        })
        .then(
          (answer): number | string => answer.status,
          (error: unknown) => (error instanceof RequestTimeoutError ? 'timeout' : 'failed'),
        );
      const answeredAt = performance.now();
      progress.add();
      if (status === 201) acceptedInStage++;
      if (sentAt < measureFrom || answeredAt > end) continue;
      if (status === 201) {
        accepted++;
        latency.record(answeredAt - sentAt);
      } else {
        refused[String(status)] = (refused[String(status)] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, integrator));
  } finally {
    http.close();
  }
  const ticketsPerSecond = accepted / options.seconds;
  const summary = latency.summary();
  progress.finish(
    `${formatNumber(ticketsPerSecond)} tickets/s accepted, p99 ${summary.p99} ms` +
      (Object.keys(refused).length > 0 ? `, refused ${JSON.stringify(refused)}` : ''),
  );
  return {
    concurrency: options.concurrency,
    seconds: options.seconds,
    accepted,
    acceptedInStage,
    refused,
    ticketsPerSecond: round(ticketsPerSecond),
    latencyMs: summary,
  };
}
