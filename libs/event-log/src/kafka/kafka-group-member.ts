import { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ConsumeOptions, LogConsumer, LogRecord } from '../port/event-log';

/**
 * One member of a Kafka consumer group. Kafka assigns the partitions; where to read from is
 * decided by the read model's checkpoint, not by the group's committed offset. After every
 * (re)join, the first batch of each partition is dropped and the partition is sought to its
 * checkpoint. Offsets are also committed to Kafka after each applied batch, so lag-based
 * autoscalers (KEDA) see the group's progress.
 */
export class KafkaGroupMember implements LogConsumer {
  private readonly positioned = new Set<number>();

  constructor(
    private readonly consumer: Consumer,
    private readonly topic: string,
    private readonly admin: () => Promise<Admin>,
    private readonly options: ConsumeOptions,
  ) {}

  async start(): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, () => this.positioned.clear());
    consumer.on(consumer.events.CRASH, ({ payload }) => this.options.onError?.(payload.error));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async eachBatch({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    const { partition } = batch;
    if (!this.positioned.has(partition)) {
      const target = (await this.options.resumeFrom(partition)) ?? (await this.logStart(partition));
      this.positioned.add(partition);
      if (Number(batch.messages[0]?.offset ?? -1) !== target) {
        this.consumer.seek({ topic: this.topic, partition, offset: String(target) });
        return;
      }
    }

    const size = this.options.maxBatchSize ?? 500;
    for (let from = 0; from < batch.messages.length; from += size) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(from, from + size);
      try {
        await this.options.handleBatch({ partition, records: messages.map((m) => toRecord(partition, m)) });
      } catch (error) {
        this.options.onError?.(error);
        // Read the partition again from the stored checkpoint once kafkajs retries the batch.
        this.positioned.delete(partition);
        throw error;
      }
      const last = messages[messages.length - 1];
      if (!last) continue;
      resolveOffset(last.offset);
      await this.consumer
        .commitOffsets([{ topic: this.topic, partition, offset: String(Number(last.offset) + 1) }])
        .catch((error: unknown) => this.options.onError?.(error));
      await heartbeat();
    }
  }

  private async logStart(partition: number): Promise<number> {
    const offsets = await (await this.admin()).fetchTopicOffsets(this.topic);
    return Number(offsets.find((range) => range.partition === partition)?.low ?? 0);
  }
}

function toRecord(partition: number, message: KafkaMessage): LogRecord {
  return {
    partition,
    position: Number(message.offset),
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
  };
}
