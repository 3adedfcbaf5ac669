import { EntityManager } from 'typeorm';
import { ParseResult, TicketEvent } from '@helpdesk/ticket-events';
import { errorMessage } from '../port/error-message';
import { Projection, UnappliableEventError } from './projection';
import { ProjectionBatch } from './projection-batch';
import { ProjectionStore } from './projection-store';
import { TableShapes } from './read-model-table';
import { classify } from './record-classification';
import { isTransient } from './transient-errors';

/** What the applier is given: a parsed record, and whatever the caller needs back with it. */
export interface Pending<Source> {
  readonly parsed: ParseResult<TicketEvent>;
  readonly source: Source;
}

export interface BatchOutcome<Source> {
  readonly applied: { event: TicketEvent; source: Source }[];
  readonly duplicates: { event: TicketEvent; source: Source }[];
  /** Refused (`unparseable`, a sequence `gap`) or `failed` in its handler or its write. */
  readonly dead: { source: Source; cause: 'unparseable' | 'gap' | 'failed'; reason: string }[];
  /** The last sequence now applied of each ticket the batch moved. */
  readonly versions: Map<string, number>;
}

/**
 * The batch's write failed and nothing says which event caused it: run the batch again with
 * `isolate`, which writes after each event behind a savepoint.
 */
export class BatchWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(`the batch's write failed: ${errorMessage(cause)}`);
  }
}

/**
 * Applies records in one transaction: the tickets' applied sequences are locked and read once,
 * their rows read once per table, each record classified (next, duplicate, dead) and, when
 * next, handed to the projection, and every table written once at the end. An event whose
 * handler throws is undone in memory and reported dead; the others stay.
 */
export class BatchApplier {
  private readonly shapes = new TableShapes();

  constructor(
    private readonly projection: Projection,
    private readonly store: ProjectionStore,
  ) {}

  async apply<Source>(
    manager: EntityManager,
    pending: readonly Pending<Source>[],
    options: { isolate: boolean },
  ): Promise<BatchOutcome<Source>> {
    const ticketIds = new Set<string>();
    for (const { parsed } of pending) if (parsed.ok) ticketIds.add(parsed.event.ticketId);
    const versions = await this.store.lockTicketVersions(manager, [...ticketIds]);
    const known = [...versions.keys()].filter((ticketId) => (versions.get(ticketId) ?? 0) > 0);
    const batch = await ProjectionBatch.prepare(
      manager,
      this.projection.tables,
      this.shapes,
      known,
    );
    const outcome: BatchOutcome<Source> = {
      applied: [],
      duplicates: [],
      dead: [],
      versions: new Map(),
    };

    for (const { parsed, source } of pending) {
      const classification = classify(parsed, versions);
      if (classification.kind === 'dead') {
        outcome.dead.push({ source, cause: classification.cause, reason: classification.reason });
        continue;
      }
      const { event } = classification;
      if (classification.kind === 'duplicate') {
        outcome.duplicates.push({ event, source });
        continue;
      }
      const failure = options.isolate
        ? await this.applyAndWrite(manager, batch, event)
        : this.applyInMemory(batch, event);
      // Without isolation, an applied event is never undone: nothing to keep for it.
      if (!options.isolate) batch.journal.clear();
      if (failure) {
        outcome.dead.push({ source, cause: 'failed', reason: failure });
        continue;
      }
      versions.set(event.ticketId, event.sequence);
      outcome.versions.set(event.ticketId, event.sequence);
      outcome.applied.push({ event, source });
    }

    if (!options.isolate) {
      try {
        await batch.write(manager, this.shapes);
      } catch (error) {
        if (isTransient(error)) throw error;
        throw new BatchWriteFailed(error);
      }
    }
    this.projection.written?.(manager, batch);
    return outcome;
  }

  /** Empties every table the log rebuilds. */
  async reset(manager: EntityManager): Promise<void> {
    const rebuilt = this.projection.tables.filter((table) => table.rebuilt);
    if (rebuilt.length > 0) {
      await manager.query(`TRUNCATE ${rebuilt.map((table) => table.name).join(', ')}`);
    }
  }

  /** Returns why the event cannot be applied, or undefined once it is staged. */
  private applyInMemory(batch: ProjectionBatch, event: TicketEvent): string | undefined {
    const mark = batch.journal.mark();
    try {
      const result: unknown = this.projection.apply(event, batch);
      if (result instanceof Promise) {
        throw new Error(
          `${this.projection.name} handled ${event.type} asynchronously: handlers are pure`,
        );
      }
      return undefined;
    } catch (error) {
      batch.journal.rollbackTo(mark);
      const kind = error instanceof UnappliableEventError ? 'unappliable' : 'apply failed';
      return `${kind}: ${errorMessage(error)}`;
    }
  }

  /** Stages the event and writes it at once, behind a savepoint. */
  private async applyAndWrite(
    manager: EntityManager,
    batch: ProjectionBatch,
    event: TicketEvent,
  ): Promise<string | undefined> {
    const mark = batch.journal.mark();
    const failure = this.applyInMemory(batch, event);
    if (failure) return failure;
    await manager.query('SAVEPOINT apply_event');
    try {
      await batch.write(manager, this.shapes);
      await manager.query('RELEASE SAVEPOINT apply_event');
      return undefined;
    } catch (error) {
      if (isTransient(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT apply_event');
      batch.journal.rollbackTo(mark);
      return `apply failed: ${errorMessage(error)}`;
    }
  }
}
