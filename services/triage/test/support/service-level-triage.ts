import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Impact, TicketEvent, Urgency, stampTicketEvent } from '@helpdesk/ticket-events';
import { priorityOf } from '@helpdesk/ticket-lifecycle';
import { EventLog, LogRecord } from '@helpdesk/event-log';
import {
  Clock,
  EVENT_LOG,
  TechnicianTokens,
  TicketEventStream,
  configureHttp,
} from '@helpdesk/event-log-nest';
import { ServiceLevelWatch } from '@helpdesk/service-level-timers';
import { createTestTopic, uniqueName, waitFor } from '@helpdesk/testing';

/** The tests' clock: it moves when the test says, for the commands and the timer loop alike. */
export class TestClock extends Clock {
  private current: Date;

  constructor(start: string) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/**
 * Where triage runs in these tests: a fresh topic on the real Kafka broker, a fresh schema of the
 * real PostgreSQL, the timer loop checking every 100 ms. Instances started one after the other
 * share them, as a restarted service does.
 */
export class ServiceLevelSite {
  readonly brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  readonly databaseUrl = process.env['DATABASE_URL'] ?? '';
  readonly schema = uniqueName('triage_sla').replace(/-/g, '_');
  readonly secrets = {
    INTERNAL_API_TOKEN: 'internal-token-for-the-sla-tests',
    AUTH_SECRET: 'a-test-secret-of-at-least-32-characters',
  };
  topic = '';

  async create(): Promise<void> {
    this.topic = await createTestTopic(this.brokers, { partitions: 2, prefix: 'sla' });
    Object.assign(process.env, {
      DATABASE_SCHEMA: this.schema,
      EVENT_LOG: 'kafka',
      KAFKA_BROKERS: this.brokers.join(','),
      EVENT_LOG_TOPIC: this.topic,
      EVENT_LOG_PARTITIONS: '2',
      SLA_CHECK_INTERVAL_MS: '100',
      ...this.secrets,
    });
  }

  /** Starts an instance of triage on the site, its clock replaced by `clock`. */
  async startTriage(clock: TestClock): Promise<TriageInstance> {
    // TicketServiceModule.forRoot reads the environment when app.module is loaded: load it now.
    const { AppModule } = await import('../../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: ['error', 'warn'],
    });
    configureHttp(app);
    await app.init();
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
    return new TriageInstance(app, this.schema);
  }

  async drop(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(this.schema)} CASCADE`);
    } finally {
      await client.end();
    }
  }
}

export class TriageInstance {
  readonly log: EventLog;
  readonly watch: ServiceLevelWatch;
  readonly dataSource: DataSource;

  constructor(
    readonly app: NestExpressApplication,
    private readonly schema: string,
  ) {
    this.log = app.get<EventLog>(EVENT_LOG);
    this.watch = app.get(ServiceLevelWatch);
    this.dataSource = app.get(DataSource);
  }

  http = () => request(this.app.getHttpServer());

  token = (id: string, level: 'L1' | 'L2' = 'L1') =>
    this.app.get(TechnicianTokens).issue({ id, name: id, level, supervisor: false });

  /** Puts a new ticket on the log as intake does (submitted and prioritized) and waits for triage. */
  async submit(at: string, impact: Impact, urgency: Urgency): Promise<string> {
    const ticketId = randomUUID();
    const envelope = (sequence: number) => ({
      eventId: randomUUID(),
      ticketId,
      sequence,
      occurredAt: at,
      producer: 'intake',
      correlationId: ticketId,
      causationId: null,
      actor: { kind: 'integrator' as const, id: 'key-1' },
    });
    await this.log.append([
      stampTicketEvent(
        {
          type: 'TicketSubmitted',
          data: {
            requester: { name: 'Grace Hopper', email: 'grace@example.com', phone: null },
            channel: 'portal',
            category: 'network-vpn',
            summary: 'Nobody can reach the VPN',
            description: 'The whole office is cut off since this morning.',
            impact,
            urgency,
          },
        },
        envelope(1),
      ),
      stampTicketEvent(
        {
          type: 'TicketPrioritized',
          data: { impact, urgency, priority: priorityOf(impact, urgency) },
        },
        envelope(2),
      ),
    ]);
    await waitFor(async () => (await this.timers(ticketId)).length === 2, {
      description: `triage to start the timers of ticket ${ticketId}`,
      timeoutMs: 30_000,
    });
    return ticketId;
  }

  /** The ticket's events triage emitted (its outbox: what it puts on the log), in order. */
  async emitted(ticketId: string): Promise<TicketEvent[]> {
    const rows: { event: TicketEvent }[] = await this.dataSource.query(
      `SELECT event FROM ${this.schema}.outbox WHERE ticket_id = $1 ORDER BY sequence`,
      [ticketId],
    );
    return rows.map((row) => row.event);
  }

  async timers(ticketId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT * FROM ${this.schema}.sla_timers WHERE ticket_id = $1 ORDER BY target`,
      [ticketId],
    );
  }

  async waitForEmitted(ticketId: string, type: TicketEvent['type']): Promise<void> {
    await waitFor(async () => (await this.emitted(ticketId)).some((event) => event.type === type), {
      description: `triage to emit ${type} for ticket ${ticketId}`,
      timeoutMs: 30_000,
    });
  }

  /**
   * The ticket's events as they are on the Kafka topic, read from its start by a consumer group
   * of its own, once triage's outbox relay has published everything.
   */
  async onTheLog(ticketId: string): Promise<TicketEvent[]> {
    await waitFor(
      async () => {
        const [row]: { count: string }[] = await this.dataSource.query(
          `SELECT count(*) AS count FROM ${this.schema}.outbox WHERE published_at IS NULL`,
        );
        return row?.count === '0';
      },
      { description: 'the outbox relay to publish', timeoutMs: 30_000 },
    );
    const ends = await this.log.partitionRanges();
    const next = new Map<number, number>();
    const records: LogRecord[] = [];
    const reader = await this.log.consume({
      groupId: uniqueName('sla-log-reader'),
      resumeFrom: async () => undefined,
      handleBatch: async (batches) => {
        for (const batch of batches) {
          records.push(...batch.records);
          const last = batch.records[batch.records.length - 1];
          if (last) next.set(batch.partition, last.position + 1);
        }
      },
    });
    try {
      await waitFor(
        () => ends.every((range) => (next.get(range.partition) ?? range.start) >= range.end),
        { description: 'the whole topic to be read', timeoutMs: 60_000 },
      );
    } finally {
      await reader.stop();
    }
    return records
      .filter((record) => record.key === ticketId)
      .map((record) => JSON.parse(record.value) as TicketEvent)
      .sort((a, b) => a.sequence - b.sequence);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
