import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Impact, SupportLevel, TicketEvent, Urgency } from '@helpdesk/ticket-events';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import {
  EVENT_LOG,
  TechnicianTokens,
  TicketEventStream,
  configureHttp,
} from '@helpdesk/event-log-nest';
import { aTicketEvent, uniqueName, waitFor } from '@helpdesk/testing';

export interface TriageUnderTest {
  app: NestExpressApplication;
  schema: string;
  logSchema: string;
  log: EventLog;
  runner: ProjectionRunner;
  dataSource: DataSource;
  http(): ReturnType<typeof request>;
  /** A session token, as the tiers' shared sign-in would issue it. */
  token(technician: { id: string; level: SupportLevel; supervisor?: boolean }): Promise<string>;
  /** Puts events on the log (as another service would) and waits until triage has read them. */
  publish(...events: TicketEvent[]): Promise<void>;
  /** Waits until the outbox relay has put triage's own events on the log. */
  relayed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real service: its AppModule on a fresh schema of the test PostgreSQL, with a fresh
 * PostgreSQL event log, started in the order of runTicketService.
 */
export async function startTriage(
  environment: Record<string, string> = {},
): Promise<TriageUnderTest> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (the jest global setup sets it)');
  const schema = uniqueName('triage').replace(/-/g, '_');
  const logSchema = uniqueName('triage_log').replace(/-/g, '_');
  Object.assign(process.env, {
    DATABASE_SCHEMA: schema,
    EVENT_LOG: 'postgres',
    EVENT_LOG_SCHEMA: logSchema,
    EVENT_LOG_PARTITIONS: '2',
    INTERNAL_API_TOKEN: 'internal-token-for-the-tests',
    AUTH_SECRET: 'a-test-secret-of-at-least-32-characters',
    // These tests run on the real clock with tickets from the past: no SLA loop in the way.
    SLA_CHECK_INTERVAL_MS: '3600000',
    ...environment,
  });
  // TicketServiceModule.forRoot reads the environment when app.module is loaded: load it now.
  const { AppModule } = await import('../../src/app.module');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureHttp(app);
  await app.init();
  app.connectMicroservice({ strategy: app.get(TicketEventStream) });
  await app.startAllMicroservices();

  const log = app.get<EventLog>(EVENT_LOG);
  const runner = app.get(ProjectionRunner);
  const dataSource = app.get(DataSource);
  const tokens = app.get(TechnicianTokens);
  return {
    app,
    schema,
    logSchema,
    log,
    runner,
    dataSource,
    http: () => request(app.getHttpServer()),
    token: ({ id, level, supervisor = false }) =>
      tokens.issue({ id, name: `Technician ${id}`, level, supervisor }),
    async publish(...events) {
      await log.append(events);
      await runner.waitUntilCaughtUp();
    },
    async relayed() {
      await waitFor(
        async () => {
          const [row]: { count: string }[] = await dataSource.query(
            `SELECT count(*) AS count FROM ${schema}.outbox WHERE published_at IS NULL`,
          );
          return row?.count === '0';
        },
        { description: 'the outbox relay to publish' },
      );
      await runner.waitUntilCaughtUp();
    },
    async close() {
      await app.close();
      await dropSchemas(databaseUrl, [schema, logSchema]);
    },
  };
}

async function dropSchemas(databaseUrl: string, schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
    }
  } finally {
    await client.end();
  }
}

export interface TicketWording {
  summary?: string;
  description?: string;
  category?: string;
  impact?: Impact;
  urgency?: Urgency;
  /** When the requester submitted it. */
  submittedAt?: Date;
}

/** A TicketSubmitted of a new ticket, worded as the test needs. */
export function aSubmittedTicket(wording: TicketWording = {}): TicketEvent {
  const event = aTicketEvent(
    {
      type: 'TicketSubmitted',
      data: {
        requester: { name: 'Grace Hopper', email: 'grace@example.com', phone: null },
        channel: 'phone',
        category: wording.category ?? 'workplace',
        summary: wording.summary ?? 'Outlook keeps asking for my password',
        description:
          wording.description ?? 'Since the password change this morning Outlook prompts again.',
        impact: wording.impact ?? 'medium',
        urgency: wording.urgency ?? 'medium',
      },
    },
    randomUUID(),
    1,
  );
  return { ...event, occurredAt: (wording.submittedAt ?? new Date()).toISOString() };
}
