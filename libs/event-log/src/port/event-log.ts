import { TicketEvent } from '@helpdesk/ticket-events';

/**
 * The shared, ordered log of ticket events. One port, two adapters: Kafka in production,
 * a PostgreSQL table for the embedded default. Services never see which one they run on.
 *
 * Positions are per partition and only grow: a Kafka offset, or a global row position.
 * A consumer's checkpoint is "the next position to read" of each partition.
 */
export interface EventLog {
  /** Creates the log (topic or tables) if needed. Safe to call from every service at start. */
  ensureCreated(): Promise<void>;

  /**
   * Appends events in the given order and resolves once they are durable (acks from all
   * in-sync replicas, or a committed transaction). Events are keyed by ticket id, so one
   * ticket's events share a partition and keep their order.
   */
  append(events: readonly TicketEvent[]): Promise<void>;

  /** Joins a consumer group and feeds the handler batches from the partitions this member owns. */
  consume(options: ConsumeOptions): Promise<LogConsumer>;

  /** Records events that could not be applied, with the reason. Resolves once durable. */
  deadLetter(entries: readonly DeadLetter[]): Promise<void>;

  /**
   * Every dead letter recorded in the log so far, of every consumer group (for alerts and
   * tests). The letters an operator replays are the projection's own, with their resolution:
   * `ProjectionRunner.listDeadLetters` (ADR 13).
   */
  readDeadLetters(): Promise<DeadLetter[]>;

  /** First and next-to-write position of every partition: the yardstick for lag and progress. */
  partitionRanges(): Promise<PartitionRange[]>;

  /** Is the log reachable now? (readiness) */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export interface LogRecord {
  readonly partition: number;
  readonly position: number;
  /** The ticket id. */
  readonly key: string;
  /** The serialized event, as written: it may be anything, so it is parsed at the door. */
  readonly value: string;
}

export interface RecordBatch {
  readonly partition: number;
  /** In log order, all from `partition`. */
  readonly records: readonly LogRecord[];
}

export interface ConsumeOptions {
  groupId: string;
  /**
   * Where to resume a partition this member was just given: the checkpoint stored with the
   * read model (the source of truth), or undefined to start at the beginning of the log.
   */
  resumeFrom(partition: number): Promise<number | undefined>;
  /**
   * Applies batches of several partitions as one unit of work (one transaction). Each
   * partition appears at most once, its records in log order. If it throws, the batches are
   * offered again after a pause (from the checkpoints, since the handler's transaction rolled
   * back).
   */
  handleBatch(batches: readonly RecordBatch[]): Promise<void>;
  /** Records per partition batch at most. */
  maxBatchSize?: number;
  /** Told about errors the consumer recovers from by itself (a failed batch, a lost connection). */
  onError?(error: unknown): void;
}

export interface LogConsumer {
  /** Leaves the group; resolves once no batch is running any more. */
  stop(): Promise<void>;
}

export interface DeadLetter {
  readonly groupId: string;
  readonly partition: number;
  readonly position: number;
  readonly key: string;
  readonly value: string;
  readonly reason: string;
  readonly failedAt: string;
}

export interface PartitionRange {
  readonly partition: number;
  /** The first position still in the log. */
  readonly start: number;
  /** The position the next appended record will get. */
  readonly end: number;
}
