import { randomUUID } from 'node:crypto';
import { Admin, Kafka, KafkaConfig, LogEntry, Producer, logLevel } from 'kafkajs';
import { TicketEvent, serializeTicketEvent } from '@helpdesk/ticket-events';
import {
  ConsumeOptions,
  DeadLetter,
  EventLog,
  LogConsumer,
  PartitionRange,
} from '../port/event-log';
import { Logger, silentLogger } from '../port/logger';
import { KafkaGroupMember } from './kafka-group-member';

export interface KafkaEventLogConfig {
  brokers: string[];
  clientId: string;
  /** The ticket event topic, keyed by ticket id. */
  topic: string;
  /** Used when the topic is created: above the largest replica count of any tier. */
  partitions: number;
  replicationFactor: number;
  /** Defaults to `<topic>.dead-letters`. */
  deadLetterTopic?: string;
  sessionTimeoutMs?: number;
  /**
   * A consumer with records waiting on an assigned partition that neither applies nor fails a
   * batch for this long is run again (default 45 s; keep it above the session timeout).
   */
  consumerStallTimeoutMs?: number;
  /** Extra kafkajs client settings (ssl, sasl, ...). */
  client?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator'>;
  logger?: Logger;
}

/**
 * The production log. kafkajs stays behind this class: swapping the client touches this
 * folder only. The producer is idempotent with acks from all in-sync replicas and one request
 * in flight, so a retried send neither duplicates nor reorders a ticket's events.
 */
export class KafkaEventLog implements EventLog {
  private readonly kafka: Kafka;
  private readonly deadLetterTopic: string;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly consumers = new Set<LogConsumer>();

  constructor(private readonly config: KafkaEventLogConfig) {
    const logger = config.logger ?? silentLogger;
    this.deadLetterTopic = config.deadLetterTopic ?? `${config.topic}.dead-letters`;
    this.kafka = new Kafka({
      ...config.client,
      brokers: config.brokers,
      clientId: config.clientId,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => forward(logger, entry),
    });
  }

  /**
   * Creates the topics that are missing and waits for their leaders. A broker that has just
   * started may still answer that it does not host a partition it has created (a retriable
   * error kafkajs does not retry here): that is asked again, a few times.
   */
  async ensureCreated(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.createMissingTopics();
        await (await this.connectedAdmin()).fetchTopicOffsets(this.config.topic);
        return;
      } catch (error) {
        if (!isRetriable(error) || attempt >= TOPIC_CREATION_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  private async createMissingTopics(): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const topics = [this.config.topic, this.deadLetterTopic]
      .filter((topic) => !existing.has(topic))
      .map((topic) => ({
        topic,
        numPartitions: this.config.partitions,
        replicationFactor: this.config.replicationFactor,
      }));
    if (topics.length > 0) await admin.createTopics({ topics, waitForLeaders: true });
  }

  async append(events: readonly TicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.config.topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.ticketId,
        value: serializeTicketEvent(event),
        headers: {
          type: event.type,
          'schema-version': String(event.schemaVersion),
          'event-id': event.eventId,
        },
      })),
    });
  }

  async consume(options: ConsumeOptions): Promise<LogConsumer> {
    const sessionTimeout = this.config.sessionTimeoutMs ?? 30_000;
    const member = new KafkaGroupMember(
      () =>
        this.kafka.consumer({
          // Qualified by the topic: a group that spans two topics (two deployments, or two test
          // runs, on one broker) would get partitions of a topic its member does not read.
          groupId: `${this.config.topic}.${options.groupId}`,
          sessionTimeout,
          heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
          allowAutoTopicCreation: false,
          maxWaitTimeInMs: 200,
          // The member runs a new consumer after a crash (see KafkaGroupMember).
          retry: { restartOnFailure: async () => false },
        }),
      this.config.topic,
      () => this.connectedAdmin(),
      options,
      this.config.consumerStallTimeoutMs,
    );
    await member.start();
    this.consumers.add(member);
    return {
      stop: async () => {
        this.consumers.delete(member);
        await member.stop();
      },
    };
  }

  async deadLetter(entries: readonly DeadLetter[]): Promise<void> {
    if (entries.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.deadLetterTopic,
      acks: -1,
      messages: entries.map((entry) => ({
        key: entry.key,
        value: JSON.stringify(entry),
        headers: { reason: entry.reason.slice(0, 1000), 'group-id': entry.groupId },
      })),
    });
  }

  async readDeadLetters(): Promise<DeadLetter[]> {
    const admin = await this.connectedAdmin();
    const ends = await admin.fetchTopicOffsets(this.deadLetterTopic);
    const remaining = new Map(
      ends
        .filter((range) => Number(range.high) > Number(range.low))
        .map((range) => [range.partition, Number(range.high)]),
    );
    if (remaining.size === 0) return [];

    const groupId = `dead-letter-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const letters: { partition: number; offset: number; letter: DeadLetter }[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.deadLetterTopic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('reading dead letters timed out')), 30_000);
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              letters.push({
                partition,
                offset: Number(message.offset),
                letter: JSON.parse(message.value?.toString() ?? 'null') as DeadLetter,
              });
              if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) {
                remaining.delete(partition);
              }
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return letters
      .sort((a, b) => a.partition - b.partition || a.offset - b.offset)
      .map((entry) => entry.letter);
  }

  async partitionRanges(): Promise<PartitionRange[]> {
    const admin = await this.connectedAdmin();
    const offsets = await admin.fetchTopicOffsets(this.config.topic);
    return offsets
      .map((range) => ({
        partition: range.partition,
        start: Number(range.low),
        end: Number(range.high),
      }))
      .sort((a, b) => a.partition - b.partition);
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    const [producer, admin] = [this.producer, this.admin];
    this.producer = undefined;
    this.admin = undefined;
    await Promise.all([
      producer?.then((client) => client.disconnect()).catch(() => undefined),
      admin?.then((client) => client.disconnect()).catch(() => undefined),
    ]);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 5, maxRetryTime: 5_000 },
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }
}

const TOPIC_CREATION_ATTEMPTS = 6;

/** kafkajs marks the errors Kafka's protocol calls retriable (and its own, like a lost connection). */
function isRetriable(error: unknown): boolean {
  return error instanceof Error && (error as Error & { retriable?: boolean }).retriable === true;
}

/** Connects a kafkajs client; forgets it if connecting fails so the next call tries again. */
async function connect<Client extends Producer | Admin>(
  client: Client,
  forget: () => void,
): Promise<Client> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}

function forward(logger: Logger, { level, log }: LogEntry): void {
  const message = `kafkajs ${log.message}${log['error'] ? `: ${String(log['error'])}` : ''}`;
  if (level === logLevel.ERROR) logger.error(message);
  else if (level === logLevel.WARN) logger.warn(message);
}
