import { DataSource, EntityManager } from 'typeorm';
import { ParseResult, TicketEvent, parseTicketEvent } from '@helpdesk/ticket-events';
import { DeadLetter, EventLog, LogConsumer, LogRecord, RecordBatch } from '../port/event-log';
import { Logger, silentLogger } from '../port/logger';
import { errorMessage } from '../port/error-message';
import { sleep } from '../port/sleep';
import { SequenceConflictError } from '../port/sequence-conflict-error';
import { BatchApplier, BatchWriteFailed } from './batch-applier';
import { DeadLetterReplayer } from './dead-letter-replay';
import { Projection } from './projection';
import { AppliedEvent, ProjectionObserver } from './projection-observer';
import { ProjectionStore } from './projection-store';
import {
  DeadLetterList,
  DeadLetterReplay,
  DeadLetterStore,
  ListDeadLettersOptions,
} from './projection-dead-letters';

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
  private readonly applier: BatchApplier;
  /** The events this process's commands applied lately, by id. */
  private readonly ownEvents = new RecentIds(50_000);
  private readonly replayer: DeadLetterReplayer;
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
    this.applier = new BatchApplier(config.projection, this.store);
    this.replayer = new DeadLetterReplayer(
      config.dataSource,
      this.applier,
      this.store,
      this.deadLetterStore,
      this.parse,
      (manager, versions) =>
        this.store.saveProgress(manager, {
          versions,
          notify: this.changeNotifications([...versions.keys()]),
        }),
    );
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
      handleBatch: (batches) => this.handleBatch(batches),
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
    this.ownEvents.clear();
    await this.config.dataSource.transaction(async (manager) => {
      await this.applier.reset(manager);
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
   * the same events when they come back from the log. Throws SequenceConflictError when a
   * ticket has moved on meanwhile, and the handler's error when one cannot be applied (a
   * command must not commit what its own read model refuses).
   */
  async applyOwnEvents(manager: EntityManager, events: readonly TicketEvent[]): Promise<void> {
    const outcome = await this.applier.apply(
      manager,
      events.map((event) => ({ parsed: { ok: true, event } as const, source: event })),
      { isolate: false },
    );
    const conflict = outcome.duplicates[0] ?? outcome.dead.find(({ cause }) => cause === 'gap');
    if (conflict) throw new SequenceConflictError(conflict.source.ticketId);
    const failed = outcome.dead[0];
    if (failed)
      throw new Error(
        `${failed.source.type} of ticket ${failed.source.ticketId}: ${failed.reason}`,
      );
    await this.store.saveProgress(manager, {
      versions: outcome.versions,
      notify: this.changeNotifications([...outcome.versions.keys()]),
    });
    // Only this transaction can put these events on the log (its outbox): when they come back,
    // they are duplicates for sure, and skipped without a look at the tables.
    for (const event of events) this.ownEvents.add(event.eventId);
  }

  /** Locks tickets' applied sequences: a command takes this lock before reading a ticket. */
  async lockTickets(manager: EntityManager, ticketIds: readonly string[]): Promise<void> {
    await this.store.lockTicketVersions(manager, ticketIds);
  }

  /**
   * The fast path writes the whole batch at the end. When that write fails and nothing says
   * which event caused it, the batch is rolled back and run again writing after each event
   * behind a savepoint, so only that event is dead-lettered and the others still apply.
   */
  private async handleBatch(batches: readonly RecordBatch[]): Promise<void> {
    try {
      await this.applyBatch(batches, false);
    } catch (error) {
      if (!(error instanceof BatchWriteFailed)) throw error;
      this.logger.warn(`${this.name}: ${error.message}; applying the batch one event at a time`);
      await this.applyBatch(batches, true);
    }
  }

  private async applyBatch(batches: readonly RecordBatch[], isolate: boolean): Promise<void> {
    const appliedEvents: AppliedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    let skippedDuplicates = 0;
    await this.config.dataSource.transaction(async (manager) => {
      // The batch and its checkpoints commit together, and the log still holds every event:
      // a crash may lose the last batches committed (not flushed yet), which are then applied
      // again from the older checkpoint. No need to wait for the disk (ADR 18).
      await manager.query('SET LOCAL synchronous_commit = off');
      const checkpoints = await this.store.lockCheckpoints(
        manager,
        batches.map((batch) => batch.partition),
      );
      const moved = new Map<number, number>();
      const fresh: LogRecord[] = [];
      for (const batch of batches) {
        const next = checkpoints.get(batch.partition);
        const records = batch.records.filter(
          (record) => next === undefined || record.position >= next,
        );
        const last = records[records.length - 1];
        if (!last) continue;
        fresh.push(...records);
        moved.set(batch.partition, last.position + 1);
      }
      if (fresh.length === 0) return;

      const parsed = fresh.map((record) => ({ parsed: this.parse(record.value), source: record }));
      const pending = parsed.filter(
        ({ parsed }) => !(parsed.ok && this.ownEvents.has(parsed.event.eventId)),
      );
      const outcome = await this.applier.apply(manager, pending, { isolate });
      skippedDuplicates = parsed.length - pending.length + outcome.duplicates.length;
      for (const { event, source } of outcome.applied) {
        appliedEvents.push({ event, partition: source.partition, position: source.position });
      }
      const failedAt = new Date().toISOString();
      for (const { source, reason } of outcome.dead) {
        deadLetters.push({ groupId: this.name, ...source, reason, failedAt });
      }

      await this.store.saveProgress(manager, {
        versions: outcome.versions,
        checkpoints: moved,
        notify: this.changeNotifications([...outcome.versions.keys()]),
      });
      // The projection's own record of its dead letters (the operator's list, resolved by a
      // replay) commits with the checkpoint: exactly once.
      await this.deadLetterStore.record(manager, deadLetters);
      // In the log, dead letters are durable before the checkpoint moves past them (a crash
      // here records them there twice, never zero times).
      await this.config.log.deadLetter(deadLetters);
    });
    this.counts.applied += appliedEvents.length;
    this.counts.skippedDuplicates += skippedDuplicates;
    this.counts.deadLettered += deadLetters.length;
    if (deadLetters.length > 0) {
      this.logger.warn(`${this.name}: ${deadLetters.length} event(s) sent to the dead letters`);
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

  /** Applies dead letters again, once their cause is fixed: see DeadLetterReplayer. */
  async replayDeadLetters(ids?: readonly number[]): Promise<DeadLetterReplay> {
    const replay = await this.replayer.replay(ids, (events) =>
      this.tellObserver((observer) => observer.applied?.(events, { rebuilding: false })),
    );
    this.counts.applied += replay.applied.length;
    const settled = replay.applied.length + replay.alreadyApplied.length + replay.stillDead.length;
    if (settled > 0) {
      this.logger.log(
        `${this.name}: replayed dead letters: ${replay.applied.length} applied, ${replay.alreadyApplied.length} already applied, ${replay.stillDead.length} still dead`,
      );
    }
    return replay;
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

/** A set that forgets its oldest ids beyond `capacity`. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size <= this.capacity) return;
    const oldest = this.ids.values().next();
    if (!oldest.done) this.ids.delete(oldest.value);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  clear(): void {
    this.ids.clear();
  }
}

function percentDone(total: number, remaining: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor(((total - remaining) / total) * 100)));
}
