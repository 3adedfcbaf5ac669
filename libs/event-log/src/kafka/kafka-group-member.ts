import { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ConsumeOptions, LogConsumer, LogRecord } from '../port/event-log';

/**
 * One member of a Kafka consumer group. Kafka assigns the partitions; where to read is decided
 * by the read model's checkpoint, not by the group's committed offset: after every (re)join,
 * each assigned partition is sought to its checkpoint, and a batch that does not start where
 * this member expects is dropped (it was fetched before the seek). A partition the join could
 * not position (its checkpoint unreachable: the database down) is positioned when its next
 * batch comes, until that succeeds. Offsets are also committed to Kafka after each applied
 * batch, so lag-based autoscalers (KEDA) see the group's progress.
 */
export class KafkaGroupMember implements LogConsumer {
  /** The offset this member reads next, per assigned partition that has been positioned. */
  private readonly nextOffsets = new Map<number, number>();
  /** The positioning of the partitions assigned by the last join, while it is under way. */
  private joinPositioning?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly topic: string,
    private readonly admin: () => Promise<Admin>,
    private readonly options: ConsumeOptions,
  ) {}

  async start(): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.nextOffsets.clear();
      const partitions = payload.memberAssignment[this.topic] ?? [];
      const positioning = this.position(partitions);
      this.joinPositioning = positioning;
      positioning
        .finally(() => {
          if (this.joinPositioning === positioning) this.joinPositioning = undefined;
        })
        .catch((error: unknown) => this.options.onError?.(error));
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.options.onError?.(payload.error);
      // kafkajs restarts by itself after retriable failures only; after any other it stops
      // for good, and the read model would never move again.
      if (!payload.restart && !this.stopped) void this.restartAfterCrash();
    });
    await this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer.disconnect();
  }

  private async run(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async restartAfterCrash(): Promise<void> {
    while (!this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      try {
        await this.consumer.disconnect();
        if (this.stopped) return;
        await this.run();
        return;
      } catch (error) {
        this.options.onError?.(error);
      }
    }
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
      await this.options.handleBatch({
        partition,
        records: chunk.map((message) => toRecord(partition, message)),
      });
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

const RESTART_DELAY_MS = 2_000;

function toRecord(partition: number, message: KafkaMessage): LogRecord {
  return {
    partition,
    position: Number(message.offset),
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
  };
}
