import { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ConsumeOptions, LogConsumer, LogRecord, RecordBatch } from '../port/event-log';
import { GroupCommit } from '../port/group-commit';

/**
 * One member of a Kafka consumer group. Kafka assigns the partitions; where to read is decided
 * by the read model's checkpoint, not by the group's committed offset: after every (re)join,
 * each assigned partition is sought to its checkpoint, and a batch that does not start where
 * this member expects is dropped (it was fetched before the seek). A partition the join could
 * not position (its checkpoint unreachable: the database down) is positioned when its next
 * batch comes, until that succeeds. Offsets are also committed to Kafka after each applied
 * batch, so lag-based autoscalers (KEDA) see the group's progress.
 *
 * After a crash, and when a watchdog finds records waiting on an assigned partition while
 * nothing has moved, nor failed, for `stallTimeoutMs` (kafkajs can stop fetching without a
 * word, tulios/kafkajs#659), the member runs a new kafkajs consumer: one restarted in place
 * keeps its connections, and after a broker restart those can be dead for good (every request
 * then times out, the consumer crashes again, forever).
 *
 * kafkajs hands over one partition's batch at a time; the batches of the partitions it hands
 * over together (`partitionsConsumedConcurrently`) are applied together, in one call of
 * `handleBatch`, so that a fetch across many partitions costs one transaction downstream.
 */
export class KafkaGroupMember implements LogConsumer {
  /** The offset this member reads next, per assigned partition that has been positioned. */
  private readonly nextOffsets = new Map<number, number>();
  /** The positioning of the partitions assigned by the last join, while it is under way. */
  private joinPositioning?: Promise<void>;
  /** The partitions the last join assigned to this member. */
  private assigned: readonly number[] = [];
  /** When a batch last applied, the member was last caught up, or (re)joined. */
  private lastProgressAt = Date.now();
  /** When a batch last failed: the fetch loop is alive then, the cause lies downstream. */
  private lastFailureAt = 0;
  private watchdog?: NodeJS.Timeout;
  /** A watchdog round is under way (they can take longer than the interval). */
  private watching = false;
  private rerunning?: Promise<void>;
  private stopped = false;
  private consumer: Consumer;
  /** Consumers that crashed: a crash while a new one starts must not go unnoticed. */
  private readonly crashed = new WeakSet<Consumer>();
  /** When the current consumer started, and whether it has joined its group since. */
  private runStartedAt = Date.now();
  private joined = false;
  private readonly together: GroupCommit<RecordBatch, void>;

  /** `createConsumer` must give consumers that never restart by themselves (the member does). */
  constructor(
    private readonly createConsumer: () => Consumer,
    private readonly topic: string,
    private readonly admin: () => Promise<Admin>,
    private readonly options: ConsumeOptions,
    private readonly stallTimeoutMs = DEFAULT_STALL_TIMEOUT_MS,
  ) {
    this.consumer = createConsumer();
    this.together = new GroupCommit(async (batches) => {
      await this.options.handleBatch(batches);
      return batches.map(() => undefined);
    });
  }

  async start(): Promise<void> {
    await this.run();
    const watchInterval = Math.max(100, Math.min(5_000, Math.floor(this.stallTimeoutMs / 3)));
    this.watchdog = setInterval(() => void this.watchForStall(), watchInterval);
    this.watchdog.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    await this.consumer.disconnect();
  }

  private async run(): Promise<void> {
    const consumer = this.consumer;
    this.runStartedAt = Date.now();
    this.joined = false;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== this.consumer) return;
      this.joined = true;
      this.nextOffsets.clear();
      const partitions = payload.memberAssignment[this.topic] ?? [];
      this.assigned = partitions;
      this.lastProgressAt = Date.now();
      const positioning = this.position(partitions);
      this.joinPositioning = positioning;
      positioning
        .finally(() => {
          if (this.joinPositioning === positioning) this.joinPositioning = undefined;
        })
        .catch((error: unknown) => this.options.onError?.(error));
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer !== this.consumer) return;
      this.crashed.add(consumer);
      this.options.onError?.(payload.error);
      void this.rerun(RESTART_DELAY_MS);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /**
   * Disconnects the consumer and runs a new one (after `delayMs`), until one runs or the member
   * is stopped.
   */
  private rerun(delayMs: number): Promise<void> {
    this.rerunning ??= (async () => {
      let delay = delayMs;
      while (!this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = RESTART_DELAY_MS;
        try {
          // Not forever: a consumer stuck in a batch may never finish disconnecting.
          await Promise.race([
            this.consumer.disconnect().catch(() => undefined),
            new Promise((resolve) => setTimeout(resolve, DISCONNECT_WAIT_MS)),
          ]);
          if (this.stopped) return;
          this.consumer = this.createConsumer();
          this.nextOffsets.clear();
          this.assigned = [];
          this.lastProgressAt = Date.now();
          await this.run();
          // kafkajs reports a failed join as a crash, not by rejecting run(): try again then.
          if (!this.crashed.has(this.consumer)) return;
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    })().finally(() => (this.rerunning = undefined));
    return this.rerunning;
  }

  private async watchForStall(): Promise<void> {
    if (this.watching || this.stopped || this.rerunning) return;
    this.watching = true;
    try {
      const now = Date.now();
      if (!this.joined && now - this.runStartedAt >= this.stallTimeoutMs) {
        this.options.onError?.(
          new Error(
            `the consumer has not joined its group in ${now - this.runStartedAt} ms: ` +
              'running a new one',
          ),
        );
        await this.rerun(0);
        return;
      }
      const waiting = await this.partitionsWithRecordsWaiting();
      if (waiting.length === 0) {
        this.lastProgressAt = Date.now();
        return;
      }
      const quietFor = Date.now() - Math.max(this.lastProgressAt, this.lastFailureAt);
      if (quietFor < this.stallTimeoutMs) return;
      this.options.onError?.(
        new Error(
          `partitions ${waiting.join(', ')} have records waiting and nothing moved for ` +
            `${quietFor} ms: running a new consumer`,
        ),
      );
      await this.rerun(0);
    } catch {
      // The log or the database is unreachable: kafkajs and the batches report and retry that.
    } finally {
      this.watching = false;
    }
  }

  /** Assigned partitions whose end is past where this member reads next. */
  private async partitionsWithRecordsWaiting(): Promise<number[]> {
    const assigned = this.assigned;
    if (assigned.length === 0) return [];
    const ends = await (await this.admin()).fetchTopicOffsets(this.topic);
    const unpositioned = assigned.filter((partition) => !this.nextOffsets.has(partition));
    // A partition whose positioning failed, with no new record to trigger it: position it here.
    if (unpositioned.length > 0 && !this.joinPositioning) await this.position(unpositioned);
    return assigned.filter((partition) => {
      const end = Number(ends.find((range) => range.partition === partition)?.high ?? 0);
      return end > (this.nextOffsets.get(partition) ?? end);
    });
  }

  private async position(partitions: readonly number[]): Promise<void> {
    const offsets = await (await this.admin()).fetchTopicOffsets(this.topic);
    for (const partition of partitions) {
      const logStart = Number(offsets.find((range) => range.partition === partition)?.low ?? 0);
      const checkpoint = await this.options.resumeFrom(partition);
      const target = Math.max(checkpoint ?? logStart, logStart);
      this.consumer.seek({ topic: this.topic, partition, offset: String(target) });
      this.nextOffsets.set(partition, target);
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { partition } = batch;
    const size = this.options.maxBatchSize ?? 500;
    const expected = this.nextOffsets.get(partition);
    if (expected === undefined) {
      // Fetched before the seek. If the join's positioning failed, position the partition now:
      // a failure again goes to kafkajs, which retries, and the next batch tries once more.
      if (!this.joinPositioning && !payload.isStale()) await this.position([partition]);
      return;
    }
    const messages = batch.messages.filter((message) => Number(message.offset) >= expected);
    const first = messages[0];
    if (first && Number(first.offset) !== expected) {
      this.consumer.seek({ topic: this.topic, partition, offset: String(expected) });
      return;
    }

    for (let from = 0; from < messages.length; from += size) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = messages.slice(from, from + size);
      try {
        await this.together.submit({
          partition,
          records: chunk.map((message) => toRecord(partition, message)),
        });
      } catch (error) {
        this.lastFailureAt = Date.now();
        throw error;
      }
      this.lastProgressAt = Date.now();
      const last = chunk[chunk.length - 1];
      if (!last) break;
      const next = Number(last.offset) + 1;
      this.nextOffsets.set(partition, next);
      payload.resolveOffset(last.offset);
      await this.consumer
        .commitOffsets([{ topic: this.topic, partition, offset: String(next) }])
        .catch((error: unknown) => this.options.onError?.(error));
      await payload.heartbeat();
    }
  }
}

/** How many partitions' batches kafkajs hands over at once (and so are applied together). */
const PARTITIONS_AT_ONCE = 64;
const RESTART_DELAY_MS = 2_000;
const DISCONNECT_WAIT_MS = 10_000;
/** Above the session timeout: a rebalance in progress is no stall. */
const DEFAULT_STALL_TIMEOUT_MS = 45_000;

function toRecord(partition: number, message: KafkaMessage): LogRecord {
  return {
    partition,
    position: Number(message.offset),
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
  };
}
