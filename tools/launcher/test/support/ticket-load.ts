import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@helpdesk/testing';
import { Integrator } from './integrator';

export interface TicketLoadOptions {
  /** Submissions in flight at once. */
  concurrency: number;
  /** Each worker's pause after an answer, so the load is steady rather than flat out. */
  pauseMs: number;
  /** The index of the first ticket (idempotency keys are per index). */
  firstIndex?: number;
  /** How long one ticket may take to be accepted, retries included, before the load fails. */
  acceptWithinMs?: number;
}

/**
 * Integrators submitting tickets without a break, the way a fault meets the product in real
 * life. A ticket that is not accepted is submitted again under the same idempotency key until
 * it is, as an integrator retries: each attempt that was not accepted is recorded.
 */
export class TicketLoad {
  /** Ticket ids, in the order intake accepted them. */
  readonly accepted: string[] = [];
  /** Why each attempt that was not accepted failed, in order. */
  readonly failures: string[] = [];
  private next: number;
  private stopping = false;
  private error?: Error;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly integrator: Integrator,
    private readonly options: TicketLoadOptions,
  ) {
    this.next = options.firstIndex ?? 0;
    this.workers = Array.from({ length: options.concurrency }, () =>
      this.work().catch((error: unknown) => {
        this.error ??= error instanceof Error ? error : new Error(String(error));
        this.stopping = true;
      }),
    );
  }

  /** Resolves once `count` more tickets are accepted than when it is called. */
  async acceptedMore(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.accepted.length + count;
    await waitFor(
      () => {
        if (this.error) throw this.error;
        return this.accepted.length >= target;
      },
      {
        description: `${count} more accepted tickets (${this.accepted.length} so far, last failure: ${this.failures.at(-1) ?? 'none'})`,
        timeoutMs,
        intervalMs: 50,
      },
    );
  }

  /** Ends the load once every ticket in flight is accepted; rejects if one never was. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
    if (this.error) throw this.error;
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      const index = this.next++;
      const deadline = Date.now() + (this.options.acceptWithinMs ?? 120_000);
      for (;;) {
        const submission = await this.integrator.trySubmit(index);
        if (submission.accepted) {
          this.accepted.push(submission.ticketId);
          break;
        }
        this.failures.push(submission.why);
        if (Date.now() > deadline) {
          throw new Error(`ticket ${index} was still not accepted: ${submission.why}`);
        }
        await sleep(this.options.pauseMs);
      }
      await sleep(this.options.pauseMs);
    }
  }
}
