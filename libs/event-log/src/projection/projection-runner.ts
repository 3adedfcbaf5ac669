import { DataSource, EntityManager } from 'typeorm';
import { ParseResult, TicketEvent, parseTicketEvent } from '@helpdesk/ticket-events';
import { DeadLetter, EventLog, LogConsumer, LogRecord, RecordBatch } from '../port/event-log';
import { Logger, silentLogger } from '../port/logger';
import { errorMessage } from '../port/error-message';
import { sleep } from '../port/sleep';
import { Projection, UnappliableEventError } from './projection';
import { ProjectionStore } from './projection-store';
import {
  DeadLetterList,
  DeadLetterReplay,
  DeadLetterStore,
  ListDeadLettersOptions,
  RecordedDeadLetter,
} from './projection-dead-letters';
import { isTransient } from './transient-errors';
import { SequenceConflictError } from '../port/sequence-conflict-error';

export interface ProjectionRunnerConfig {
  log: EventLog;
  dataSource: DataSource;
  /** The schema holding the projection store tables (the service's own schema). */
  schema: string;
  projection: Projection;
  parse?: (value: string) => ParseResult<TicketEvent>;
  maxBatchSize?: number;
  logger?: Logger;
  /** How often progress is reported while rebuilding. */
  progressIntervalMs?: number;
  /**
   * A PostgreSQL NOTIFY channel told, on commit, which tickets changed in the read model (by the
   * log or by the service's own commands): every replica of the service can LISTEN to it.
   */
  changesChannel?: string;
  /** Told what each committed batch or replay did (logs, metrics). */
  observer?: ProjectionObserver;
}

/** An event the projection applied, and where it was in the log. */
export interface AppliedEvent {
  readonly event: TicketEvent;
  readonly partition: number;
  readonly position: number;
}

/**
 * Hears about events once their transaction has committed, never before: a batch that rolls
 * back and runs again is reported once. Called synchronously; an observer that throws is
 * reported to the logger and does not disturb the projection.
 */
export interface ProjectionObserver {
  /** Events applied from the log (`rebuilding`: during a rebuild) or by a dead-letter replay. */
  applied?(events: readonly AppliedEvent[], context: { rebuilding: boolean }): void;
  /** Records sent to the dead letters. */
  deadLettered?(letters: readonly DeadLetter[]): void;
}

/** How far one partition's checkpoint trails the end of the log. */
export interface PartitionLag {
  readonly partition: number;
  /** The next position the projection reads (the checkpoint, or the start of the log). */
  readonly next: number;
  /** The position the next appended record gets. */
  readonly end: number;
  /** `end - next`, at least 0. */
  readonly lag: number;
}

export type ProjectionState = 'stopped' | 'running' | 'rebuilding';

export interface ProjectionStatus {
  projection: string;
  state: ProjectionState;
  /** Positions between the checkpoints and the end of the log, summed over partitions. */
  behind: number;
  caughtUp: boolean;
  /** Of the current rebuild, 0..100; undefined when not rebuilding. */
  rebuildPercent?: number;
  counts: ProjectionCounts;
}

export interface ProjectionCounts {
  applied: number;
  skippedDuplicates: number;
  deadLettered: number;
}

class RetryWithSavepoints extends Error {}

/**
 * Feeds a projection from the log with the exactly-once effect: each batch's read-model
 * writes, the per-ticket sequence numbers and the partition checkpoint commit in one
 * PostgreSQL transaction. Redelivered events (at or below a ticket's last sequence) are
 * skipped; events that cannot be parsed or applied, or that would skip a ticket's sequence
 * number, go to the dead letters with the reason, and the partition moves on.
 */
export class ProjectionRunner {
  private readonly store: ProjectionStore;
  private readonly deadLetterStore: DeadLetterStore;
  private readonly logger: Logger;
  private readonly parse: (value: string) => ParseResult<TicketEvent>;
  private consumer?: LogConsumer;
  private state: ProjectionState = 'stopped';
  private rebuild?: { behindAtStart: number; reporter: NodeJS.Timeout };
  readonly counts: ProjectionCounts = { applied: 0, skippedDuplicates: 0, deadLettered: 0 };

  constructor(private readonly config: ProjectionRunnerConfig) {
    this.store = new ProjectionStore(config.schema, config.projection.name);
    this.deadLetterStore = new DeadLetterStore(config.schema, config.projection.name);
    this.logger = config.logger ?? silentLogger;
    this.parse = config.parse ?? parseTicketEvent;
  }

  get name(): string {
    return this.config.projection.name;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.consumer = await this.config.log.consume({
      groupId: this.name,
      maxBatchSize: this.config.maxBatchSize,
      resumeFrom: (partition) => this.store.checkpoint(this.config.dataSource.manager, partition),
      handleBatch: (batches) => this.handleBatches(batches),
      onError: (error) => this.logger.warn(`${this.name}: ${errorMessage(error)}; retrying`),
    });
    if (this.state === 'stopped') this.state = 'running';
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
    this.endRebuild();
    this.state = 'stopped';
  }

  /**
   * Drops the read model and replays the whole log into it. Progress is logged and shown by
   * `status()`. For a projection run by several replicas, deploy a new projection name instead
   * (blue/green): this resets the one runner it is called on.
   */
  async rebuildFromStart(): Promise<void> {
    await this.stop();
    await this.config.dataSource.transaction(async (manager) => {
      await this.config.projection.reset(manager);
      await this.store.forget(manager);
      await this.deadLetterStore.forgetUnresolved(manager);
    });
    const behindAtStart = await this.behind();
    this.state = 'rebuilding';
    this.rebuild = {
      behindAtStart,
      reporter: setInterval(
        () => void this.reportProgress(),
        this.config.progressIntervalMs ?? 2_000,
      ),
    };
    this.logger.log(
      `${this.name}: rebuilding from the start of the log (${behindAtStart} positions)`,
    );
    await this.start();
  }

  async status(): Promise<ProjectionStatus> {
    const behind = await this.behind();
    if (this.state === 'rebuilding' && behind === 0) {
      this.endRebuild();
      this.state = 'running';
      this.logger.log(`${this.name}: rebuild complete, ${this.counts.applied} events applied`);
    }
    const rebuildPercent = this.rebuild
      ? percentDone(this.rebuild.behindAtStart, behind)
      : undefined;
    return {
      projection: this.name,
      state: this.state,
      behind,
      caughtUp: behind === 0,
      rebuildPercent,
      counts: { ...this.counts },
    };
  }

  /** Resolves once the checkpoints reach the end of the log as it is now. */
  async waitUntilCaughtUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.status()).caughtUp) {
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not catch up in ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** Per partition, the checkpoint against the end of the log: the consumer group's lag. */
  async partitionLag(): Promise<PartitionLag[]> {
    const [ranges, checkpoints] = await Promise.all([
      this.config.log.partitionRanges(),
      this.store.allCheckpoints(this.config.dataSource.manager),
    ]);
    return ranges.map((range) => {
      const next = Math.max(checkpoints.get(range.partition) ?? range.start, range.start);
      return {
        partition: range.partition,
        next,
        end: range.end,
        lag: Math.max(0, range.end - next),
      };
    });
  }

  private async behind(): Promise<number> {
    return (await this.partitionLag()).reduce((sum, partition) => sum + partition.lag, 0);
  }

  /**
   * Applies events a command of this service just produced, in the command's transaction:
   * the service sees its own decision at once (it decides the next command on it), and skips
   * the same events when they come back from the log. Throws SequenceConflictError when the
   * ticket has moved on meanwhile.
   */
  async applyOwnEvents(manager: EntityManager, events: readonly TicketEvent[]): Promise<void> {
    const versions = await this.store.lockTicketVersions(manager, [
      ...new Set(events.map((event) => event.ticketId)),
    ]);
    for (const event of events) {
      const applied = versions.get(event.ticketId) ?? 0;
      if (event.sequence !== applied + 1) throw new SequenceConflictError(event.ticketId);
      await this.config.projection.apply(event, { manager, partition: -1, position: -1 });
      versions.set(event.ticketId, event.sequence);
    }
    await this.store.saveProgress(manager, {
      versions,
      notify: this.changeNotifications([...versions.keys()]),
    });
  }

  /** Locks tickets' applied sequences: a command takes this lock before reading a ticket. */
  async lockTickets(manager: EntityManager, ticketIds: readonly string[]): Promise<void> {
    await this.store.lockTicketVersions(manager, ticketIds);
  }

  private async handleBatches(batches: readonly RecordBatch[]): Promise<void> {
    for (const batch of batches) await this.handleBatch(batch);
  }

  private async handleBatch(batch: RecordBatch): Promise<void> {
    try {
      await this.applyBatch(batch, false);
    } catch (error) {
      if (!(error instanceof RetryWithSavepoints)) throw error;
      await this.applyBatch(batch, true);
    }
  }

  /**
   * The fast path applies the batch without savepoints. When an event fails, the batch is
   * rolled back and run again with a savepoint around each event, so only that event is
   * dead-lettered and the others still apply.
   */
  private async applyBatch(batch: RecordBatch, withSavepoints: boolean): Promise<void> {
    const counts: ProjectionCounts = { applied: 0, skippedDuplicates: 0, deadLettered: 0 };
    const appliedEvents: AppliedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    await this.config.dataSource.transaction(async (manager) => {
      const next = await this.store.lockCheckpoint(manager, batch.partition);
      const fresh = batch.records.filter((record) => next === undefined || record.position >= next);
      const last = fresh[fresh.length - 1];
      if (!last) return;

      const parsed = fresh.map((record) => ({ record, result: this.parse(record.value) }));
      const ticketIds = [
        ...new Set(parsed.flatMap(({ result }) => (result.ok ? [result.event.ticketId] : []))),
      ];
      const versions = await this.store.lockTicketVersions(manager, ticketIds);
      const changed = new Map<string, number>();
      const deadLetter = (record: LogRecord, reason: string) =>
        deadLetters.push({
          groupId: this.name,
          partition: record.partition,
          position: record.position,
          key: record.key,
          value: record.value,
          reason,
          failedAt: new Date().toISOString(),
        });

      for (const { record, result } of parsed) {
        if (!result.ok) {
          deadLetter(record, result.reason);
          continue;
        }
        const event = result.event;
        const applied = versions.get(event.ticketId) ?? 0;
        if (event.sequence <= applied) {
          counts.skippedDuplicates++;
          continue;
        }
        if (event.sequence > applied + 1) {
          deadLetter(record, gapReason(event, applied));
          continue;
        }
        const failure = await this.applyOne(manager, event, record, withSavepoints);
        if (failure) {
          deadLetter(record, failure);
          continue;
        }
        versions.set(event.ticketId, event.sequence);
        changed.set(event.ticketId, event.sequence);
        appliedEvents.push({ event, partition: record.partition, position: record.position });
        counts.applied++;
      }

      await this.store.saveProgress(manager, {
        versions: changed,
        checkpoint: { partition: batch.partition, next: last.position + 1 },
        notify: this.changeNotifications([...changed.keys()]),
      });
      // The projection's own record of its dead letters (the operator's list, resolved by a
      // replay) commits with the checkpoint: exactly once.
      await this.deadLetterStore.record(manager, deadLetters);
      // In the log, dead letters are durable before the checkpoint moves past them (a crash
      // here records them there twice, never zero times).
      await this.config.log.deadLetter(deadLetters);
      counts.deadLettered = deadLetters.length;
    });
    this.counts.applied += counts.applied;
    this.counts.skippedDuplicates += counts.skippedDuplicates;
    this.counts.deadLettered += counts.deadLettered;
    if (counts.deadLettered > 0) {
      this.logger.warn(`${this.name}: ${counts.deadLettered} event(s) sent to the dead letters`);
    }
    this.tellObserver((observer) => {
      if (appliedEvents.length > 0) {
        observer.applied?.(appliedEvents, { rebuilding: this.state === 'rebuilding' });
      }
      if (deadLetters.length > 0) observer.deadLettered?.(deadLetters);
    });
  }

  private tellObserver(tell: (observer: ProjectionObserver) => void): void {
    const observer = this.config.observer;
    if (!observer) return;
    try {
      tell(observer);
    } catch (error) {
      this.logger.warn(`${this.name}: the projection's observer failed: ${errorMessage(error)}`);
    }
  }

  /** This projection's dead letters, oldest first: the unresolved ones unless `includeResolved`. */
  listDeadLetters(options: ListDeadLettersOptions = {}): Promise<DeadLetterList> {
    return this.deadLetterStore.list(this.config.dataSource.manager, options);
  }

  /**
   * Applies dead letters again, once their cause is fixed (a handler corrected, a ticket's
   * missing event arrived): all unresolved ones, or those named. Each ticket's letters are
   * replayed in sequence order, in one transaction that also holds the partition's checkpoint
   * lock, the ticket's applied sequence and the letters' resolution, like a batch from the
   * log: a letter at or below the ticket's sequence is a duplicate (resolved), the next one is
   * applied (resolved), any other stays dead with the reason of this attempt. Running it twice
   * changes nothing more.
   */
  async replayDeadLetters(ids?: readonly number[]): Promise<DeadLetterReplay> {
    const replay: DeadLetterReplay = {
      applied: [],
      alreadyApplied: [],
      stillDead: [],
      alreadyResolved: [],
      notFound: [],
    };
    const found = await this.deadLetterStore.find(this.config.dataSource.manager, ids);
    if (ids) {
      const known = new Set(found.map((letter) => letter.id));
      replay.notFound = [...new Set(ids)].filter((id) => !known.has(id));
    }
    const byTicket = new Map<string, RecordedDeadLetter[]>();
    for (const letter of found) {
      if (letter.resolvedAt) {
        replay.alreadyResolved.push(letter.id);
        continue;
      }
      // Grouped by the event's ticket as it parses now (a deployed fix may parse it at last).
      const parsed = this.parse(letter.value);
      const group = parsed.ok ? parsed.event.ticketId : `letter ${letter.id}`;
      byTicket.set(group, [...(byTicket.get(group) ?? []), letter]);
    }
    for (const letters of byTicket.values()) {
      const outcome = await this.replayTicket(letters);
      replay.applied.push(...outcome.applied);
      replay.alreadyApplied.push(...outcome.alreadyApplied);
      replay.stillDead.push(...outcome.stillDead);
      replay.alreadyResolved.push(...outcome.alreadyResolved);
      this.counts.applied += outcome.applied.length;
    }
    if (found.length > 0) {
      this.logger.log(
        `${this.name}: replayed dead letters: ${replay.applied.length} applied, ${replay.alreadyApplied.length} already applied, ${replay.stillDead.length} still dead`,
      );
    }
    return sortReplay(replay);
  }

  private async replayTicket(
    candidates: readonly RecordedDeadLetter[],
  ): Promise<Omit<DeadLetterReplay, 'notFound'>> {
    const appliedEvents: AppliedEvent[] = [];
    const replayed = await this.config.dataSource.transaction(async (manager) => {
      const outcome: Omit<DeadLetterReplay, 'notFound'> = {
        applied: [],
        alreadyApplied: [],
        stillDead: [],
        alreadyResolved: [],
      };
      // The lock order of a batch: checkpoint, then ticket versions. A batch of the live
      // consumer on the same partition waits for the replay, and the other way round.
      const partitions = [...new Set(candidates.map((letter) => letter.partition))];
      for (const partition of partitions.sort((a, b) => a - b)) {
        await this.store.lockCheckpoint(manager, partition);
      }
      const letters = await this.deadLetterStore.lockUnresolved(
        manager,
        candidates.map((letter) => letter.id),
      );
      const locked = new Set(letters.map((letter) => letter.id));
      outcome.alreadyResolved = candidates
        .map((letter) => letter.id)
        .filter((id) => !locked.has(id));

      const parsed = letters
        .map((letter) => ({ letter, result: this.parse(letter.value) }))
        .sort(
          (a, b) =>
            (a.result.ok ? a.result.event.sequence : 0) -
              (b.result.ok ? b.result.event.sequence : 0) || a.letter.id - b.letter.id,
        );
      const ticketIds = [
        ...new Set(parsed.flatMap(({ result }) => (result.ok ? [result.event.ticketId] : []))),
      ];
      const versions = await this.store.lockTicketVersions(manager, ticketIds);
      const changed = new Map<string, number>();
      const keepDead = async (letter: RecordedDeadLetter, reason: string) => {
        await this.deadLetterStore.keepDead(manager, letter.id, reason);
        outcome.stillDead.push({ id: letter.id, reason });
      };

      for (const { letter, result } of parsed) {
        if (!result.ok) {
          await keepDead(letter, result.reason);
          continue;
        }
        const event = result.event;
        const applied = versions.get(event.ticketId) ?? 0;
        if (event.sequence <= applied) {
          await this.deadLetterStore.resolve(manager, letter.id, 'duplicate');
          outcome.alreadyApplied.push(letter.id);
          continue;
        }
        if (event.sequence > applied + 1) {
          await keepDead(letter, gapReason(event, applied));
          continue;
        }
        const failure = await this.applyOne(manager, event, letter, true);
        if (failure) {
          await keepDead(letter, failure);
          continue;
        }
        versions.set(event.ticketId, event.sequence);
        changed.set(event.ticketId, event.sequence);
        await this.deadLetterStore.resolve(manager, letter.id, 'applied');
        outcome.applied.push(letter.id);
        appliedEvents.push({ event, partition: letter.partition, position: letter.position });
      }

      await this.store.saveProgress(manager, {
        versions: changed,
        notify: this.changeNotifications([...changed.keys()]),
      });
      return outcome;
    });
    if (appliedEvents.length > 0) {
      this.tellObserver((observer) => observer.applied?.(appliedEvents, { rebuilding: false }));
    }
    return replayed;
  }

  /**
   * The NOTIFYs that tell the service's replicas these tickets changed, if it listens (NOTIFY
   * is transactional: listeners hear of the change only once it is committed).
   */
  private changeNotifications(
    ticketIds: readonly string[],
  ): { channel: string; payloads: string[] } | undefined {
    const channel = this.config.changesChannel;
    if (!channel) return undefined;
    // A NOTIFY payload holds under 8,000 bytes: 100 ticket ids a notification.
    const payloads: string[] = [];
    for (let start = 0; start < ticketIds.length; start += 100) {
      payloads.push(ticketIds.slice(start, start + 100).join(','));
    }
    return { channel, payloads };
  }

  /** Returns the reason the event cannot be applied, or undefined once it is. */
  private async applyOne(
    manager: EntityManager,
    event: TicketEvent,
    record: LogRecord,
    withSavepoints: boolean,
  ): Promise<string | undefined> {
    const context = { manager, partition: record.partition, position: record.position };
    if (!withSavepoints) {
      try {
        await this.config.projection.apply(event, context);
        return undefined;
      } catch (error) {
        if (isTransient(error)) throw error;
        throw new RetryWithSavepoints();
      }
    }
    await manager.query('SAVEPOINT apply_event');
    try {
      await this.config.projection.apply(event, context);
      await manager.query('RELEASE SAVEPOINT apply_event');
      return undefined;
    } catch (error) {
      if (isTransient(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT apply_event');
      const kind = error instanceof UnappliableEventError ? 'unappliable' : 'apply failed';
      return `${kind}: ${errorMessage(error)}`;
    }
  }

  private async reportProgress(): Promise<void> {
    const status = await this.status().catch(() => undefined);
    if (status?.rebuildPercent !== undefined) {
      this.logger.log(
        `${this.name}: rebuild ${status.rebuildPercent}% (${status.behind} positions to go, ${status.counts.applied} applied)`,
      );
    }
  }

  private endRebuild(): void {
    if (this.rebuild) clearInterval(this.rebuild.reporter);
    this.rebuild = undefined;
  }
}

function gapReason(event: TicketEvent, applied: number): string {
  return `sequence gap on ticket ${event.ticketId}: expected ${applied + 1}, got ${event.sequence}`;
}

function sortReplay(replay: DeadLetterReplay): DeadLetterReplay {
  const ascending = (a: number, b: number) => a - b;
  return {
    applied: replay.applied.sort(ascending),
    alreadyApplied: replay.alreadyApplied.sort(ascending),
    stillDead: replay.stillDead.sort((a, b) => a.id - b.id),
    alreadyResolved: replay.alreadyResolved.sort(ascending),
    notFound: replay.notFound.sort(ascending),
  };
}

function percentDone(total: number, remaining: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor(((total - remaining) / total) * 100)));
}
