import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { PostgresEventLog } from '@helpdesk/event-log';
import {
  MetricSample,
  aTicketEvent,
  aTicketHistory,
  aTicketSubmitted,
  metricValue,
  parseMetrics,
  uniqueName,
  waitFor,
} from '@helpdesk/testing';
import { TicketCommandBus, TicketEventStream, TicketServiceModule, configureHttp } from '../src';

const METRICS_TOKEN = 'metrics-token-for-the-tests';

/**
 * A service's /metrics on the embedded log (PostgreSQL): the figures an operator watches move
 * while the relay stands by and while the projection's batch waits on a lock, then settle.
 * tools/launcher/test/observability.e2e.spec.ts shows the same on Kafka, across the services.
 */
describe("a service's Prometheus metrics, on the PostgreSQL log", () => {
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  const schema = uniqueName('metrics').replace(/-/g, '_');
  const projection = `${schema}.read-model.v1`;
  let app: NestExpressApplication;
  let log: PostgresEventLog;
  /** Holds the outbox relay's leadership lock, so the service's relay stands by. */
  const relayHolder = new Client({ connectionString: databaseUrl });
  /** Holds the projection's checkpoint table, so its next batch waits. */
  const checkpointHolder = new Client({ connectionString: databaseUrl });

  beforeAll(async () => {
    await Promise.all([relayHolder.connect(), checkpointHolder.connect()]);
    await relayHolder.query('SELECT pg_advisory_lock(hashtext($1))', [`outbox-relay:${schema}`]);
    const moduleRef = await Test.createTestingModule({
      imports: [
        TicketServiceModule.forRoot({
          service: 'metrics-test',
          projection,
          environment: {
            DATABASE_URL: databaseUrl,
            DATABASE_SCHEMA: schema,
            EVENT_LOG: 'postgres',
            EVENT_LOG_SCHEMA: `${schema}_log`,
            EVENT_LOG_PARTITIONS: '3',
            INTERNAL_API_TOKEN: 'internal-token-for-the-tests',
            AUTH_SECRET: 'auth-secret-for-the-metrics-tests-0123456789',
            METRICS_TOKEN,
          },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: false,
    });
    configureHttp(app);
    await app.init();
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
    log = new PostgresEventLog({
      connectionString: databaseUrl,
      schema: `${schema}_log`,
      partitions: 3,
    });
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await checkpointHolder.query(
      `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_log" CASCADE`,
    );
    await Promise.all([relayHolder.end(), checkpointHolder.end()]);
  });

  const http = () => request(app.getHttpServer());

  async function scrape(): Promise<MetricSample[]> {
    const answer = await http()
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    return parseMetrics(answer.text);
  }

  it('answers a scrape with the text exposition only when it carries METRICS_TOKEN', async () => {
    await http().get('/metrics').expect(401);
    await http().get('/metrics').set('authorization', 'Bearer not-the-metrics-token').expect(401);

    const answer = await http()
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const samples = parseMetrics(answer.text);
    expect(metricValue(samples, 'helpdesk_projection_lag_positions', { projection })).toBe(0);
    expect(metricValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('times requests by route template, never by the ids in the URL', async () => {
    const id = randomUUID();
    await http().get('/assets/helpdesk.css').expect(200);
    await http().get(`/assets/${id}.css`).expect(404);
    await http().get(`/no-such-page/${id}`).expect(404);

    const answer = await http()
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    const samples = parseMetrics(answer.text);
    const requests = (route: string, status: string) =>
      metricValue(samples, 'helpdesk_http_request_duration_seconds_count', {
        method: 'GET',
        route,
        status_code: status,
      });
    expect(requests('/assets/:name', '200')).toBe(1);
    expect(requests('/assets/:name', '404')).toBe(1);
    expect(requests('unmatched', '404')).toBe(1);
    expect(answer.text).not.toContain(id);
  });

  it('shows the outbox backlog while the relay stands by and the lag while a batch waits, then zeros', async () => {
    const bus = app.get(TicketCommandBus);
    expect(metricValue(await scrape(), 'helpdesk_projection_lag_positions', { projection })).toBe(
      0,
    );

    await checkpointHolder.query('BEGIN');
    await checkpointHolder.query(
      `LOCK TABLE "${schema}".projection_checkpoints IN SHARE ROW EXCLUSIVE MODE`,
    );
    try {
      // The service's own command: stored in its outbox, not yet on the log.
      await bus.open([{ type: 'TicketSubmitted', data: aTicketSubmitted().data }], {
        actor: { kind: 'integrator', id: 'key-1' },
        correlationId: randomUUID(),
      });
      // Another service's events on the log: a ticket's history, and an event skipping its
      // ticket's first one (a dead letter).
      await log.append(aTicketHistory(randomUUID(), 3));
      await log.append([
        aTicketEvent(
          { type: 'TicketPrioritized', data: { impact: 'low', urgency: 'low', priority: 'P4' } },
          randomUUID(),
          2,
        ),
      ]);

      let held = await scrape();
      // PostgreSQL log positions are global: a partition's lag counts its events at least.
      const lagHeld = metricValue(held, 'helpdesk_projection_lag_positions', { projection }) ?? 0;
      expect(lagHeld).toBeGreaterThanOrEqual(4);
      expect(metricValue(held, 'helpdesk_outbox_backlog_events', { schema })).toBe(1);
      expect(
        metricValue(held, 'helpdesk_outbox_oldest_event_age_seconds', { schema }),
      ).toBeGreaterThan(0);
      expect(groupLag(held)).toHaveLength(3);
      expect(sum(groupLag(held))).toBe(lagHeld);
      expect(metricValue(held, 'helpdesk_projection_lag_seconds', { projection })).toBeGreaterThan(
        0,
      );

      await relayHolder.query('SELECT pg_advisory_unlock(hashtext($1))', [
        `outbox-relay:${schema}`,
      ]);
      await waitFor(
        async () => {
          held = await scrape();
          return (
            metricValue(held, 'helpdesk_outbox_backlog_events', { schema }) === 0 &&
            metricValue(held, 'helpdesk_outbox_published_events_total') === 1
          );
        },
        { description: 'the relay to publish the outbox', timeoutMs: 15_000 },
      );
      expect(metricValue(held, 'helpdesk_outbox_oldest_event_age_seconds', { schema })).toBe(0);
      // The relay's event joined the log behind the waiting batch.
      expect(
        metricValue(held, 'helpdesk_projection_lag_positions', { projection }),
      ).toBeGreaterThan(lagHeld);
    } finally {
      await checkpointHolder.query('COMMIT');
    }

    let settled: MetricSample[] = [];
    await waitFor(
      async () => {
        settled = await scrape();
        return metricValue(settled, 'helpdesk_projection_lag_positions', { projection }) === 0;
      },
      { description: 'the projection to catch up', timeoutMs: 15_000 },
    );
    expect(metricValue(settled, 'helpdesk_projection_lag_seconds', { projection })).toBe(0);
    expect(groupLag(settled).every((lag) => lag === 0)).toBe(true);
    expect({
      applied: metricValue(settled, 'helpdesk_projection_events_applied_total', { projection }),
      skipped: metricValue(settled, 'helpdesk_projection_events_skipped_total', { projection }),
      deadLettered: metricValue(settled, 'helpdesk_projection_events_dead_lettered_total', {
        projection,
      }),
      unresolved: metricValue(settled, 'helpdesk_dead_letters_unresolved', { projection }),
    }).toEqual({ applied: 3, skipped: 1, deadLettered: 1, unresolved: 1 });
  });

  function groupLag(samples: readonly MetricSample[]): number[] {
    return samples
      .filter(
        (sample) =>
          sample.name === 'helpdesk_consumer_group_lag_positions' &&
          sample.labels['projection'] === projection,
      )
      .map((sample) => sample.value);
  }
});

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
