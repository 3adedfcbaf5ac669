import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';

/**
 * A read model fed by the log. `apply` runs inside the transaction that also moves the
 * checkpoint, through `context.manager`: use it for every read-model write, or the write
 * escapes the exactly-once guarantee.
 */
export interface Projection {
  /** Names the checkpoint and the consumer group. Version it (`triage.queue.v2`) to rebuild blue/green. */
  readonly name: string;
  apply(event: TicketEvent, context: ProjectionContext): Promise<void>;
  /** Empties the read model before a rebuild from the start of the log. */
  reset(manager: EntityManager): Promise<void>;
}

export interface ProjectionContext {
  readonly manager: EntityManager;
  readonly partition: number;
  readonly position: number;
}

/** Thrown by `apply` for an event that can never be applied: it goes to the dead letters at once. */
export class UnappliableEventError extends Error {
  override readonly name = 'UnappliableEventError';
}
