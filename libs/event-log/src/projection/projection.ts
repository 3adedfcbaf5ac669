import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { ProjectionBatch } from './projection-batch';
import { ReadModelTable } from './read-model-table';

/**
 * A read model fed by the log, a batch of events at a time. The engine reads the rows of the
 * batch's tickets from `tables` before the batch, `apply` stages each event's changes on them
 * (pure: no I/O, nothing awaited), and the engine writes every table once, with the
 * checkpoint, in one transaction.
 */
export interface Projection {
  /** Names the checkpoint and the consumer group. Version it (`triage.queue.v2`) to rebuild blue/green. */
  readonly name: string;
  /** Every table the projection reads or writes, in the order they are written. */
  readonly tables: readonly ReadModelTable<object>[];
  /** Stages the event's changes. Throws for an event it can never apply (a dead letter). */
  apply(event: TicketEvent, batch: ProjectionBatch): void;
  /** Told, in the batch's transaction, once the batch's rows are written. */
  written?(manager: EntityManager, batch: ProjectionBatch): void;
}

/** Thrown by `apply` for an event that can never be applied: it goes to the dead letters at once. */
export class UnappliableEventError extends Error {
  override readonly name = 'UnappliableEventError';
}
