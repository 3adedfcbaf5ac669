import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MetricSample, metricValue, parseMetrics, waitFor } from '@helpdesk/testing';
import { RunningProduct } from '../src/running-product';
import { SERVICE_NAMES, ServiceName } from '../src/services';
import { Integrator } from './support/integrator';
import { requiredEnv } from './support/required-env';

const PROJECTION: Record<ServiceName, string> = {
  intake: 'intake.read-model.v1',
  triage: 'triage.read-model.v1',
  'back-office': 'back-office.read-model.v1',
  specialist: 'specialist.read-model.v1',
};

type Scrapes = Record<ServiceName, MetricSample[]>;

/**
 * What an operator watches: each service's /metrics while tickets flow through the four
 * services on Kafka, and their JSON logs, in which one ticket can be followed by its
 * correlation id. To hold the flow still for a moment the test does what an outage would:
 * it keeps intake's outbox relay from leading (another holder of its lock), then keeps
 * triage's projection from committing a batch (a lock on its checkpoints).
 */
describe('the metrics and logs of the four services, on Kafka and PostgreSQL', () => {
  const product = new RunningProduct({
    brokers: requiredEnv('KAFKA_BROKERS'),
    databaseUrl: requiredEnv('DATABASE_URL'),
  });
  const relayLock = `outbox-relay:${product.schemaOf('intake')}`;
  const relayHolder = new Client({ connectionString: requiredEnv('DATABASE_URL') });
  const checkpointHolder = new Client({ connectionString: requiredEnv('DATABASE_URL') });
  let integrator: Integrator;

  beforeAll(async () => {
    await Promise.all([relayHolder.connect(), checkpointHolder.connect()]);
    // Before intake starts, so that its relay stands by from the first moment.
    await relayHolder.query('SELECT pg_advisory_lock(hashtext($1))', [relayLock]);
    await product.start();
    integrator = await Integrator.register(product, 'Observability ERP');
  }, 180_000);

  afterAll(async () => {
    await product.stop();
    await Promise.all([relayHolder.end(), checkpointHolder.end()]);
  });

  async function scrape(name: ServiceName): Promise<MetricSample[]> {
    const response = await fetch(product.url(name, '/metrics'));
    expect(response.status).toBe(200);
    return parseMetrics(await response.text());
  }

  async function scrapeAll(): Promise<Scrapes> {
    const scrapes = await Promise.all(SERVICE_NAMES.map(scrape));
    return Object.fromEntries(
      SERVICE_NAMES.map((name, index) => [name, scrapes[index]!]),
    ) as Scrapes;
  }

  /** A figure of a service's own projection. */
  const projectionFigure = (samples: MetricSample[], name: ServiceName, metric: string) =>
    metricValue(samples, metric, { projection: PROJECTION[name] });

  const outboxFigure = (samples: MetricSample[], metric: string) =>
    metricValue(samples, metric, { schema: product.schemaOf('intake') });

  async function eventually(
    description: string,
    name: ServiceName,
    ready: (samples: MetricSample[]) => boolean,
  ): Promise<MetricSample[]> {
    let samples: MetricSample[] = [];
    await product.explainFailure(() =>
      waitFor(
        async () => {
          samples = await scrape(name);
          return ready(samples);
        },
        { description, timeoutMs: 30_000, intervalMs: 200 },
      ),
    );
    return samples;
  }

  it('shows the outbox backlog and the projection lag rising while tickets wait, and back at zero once they flow', async () => {
    const before = await scrapeAll();
    for (const name of SERVICE_NAMES) {
      expect([
        name,
        projectionFigure(before[name], name, 'helpdesk_projection_lag_positions'),
      ]).toEqual([name, 0]);
    }
    expect(outboxFigure(before.intake, 'helpdesk_outbox_backlog_events')).toBe(0);

    await checkpointHolder.query('BEGIN');
    await checkpointHolder.query(
      `LOCK TABLE ${product.schemaOf('triage')}.projection_checkpoints IN SHARE ROW EXCLUSIVE MODE`,
    );
    let published: number;
    try {
      await integrator.submitMany(1, 3, 1);
      published = await product.query(async (client) => {
        const { rows } = await client.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM ${product.schemaOf('intake')}.outbox WHERE published_at IS NULL`,
        );
        return rows[0]!.count;
      });
      expect(published).toBeGreaterThanOrEqual(3);

      // Intake's relay stands by: the tickets' events wait in its outbox.
      const waiting = await scrape('intake');
      expect(outboxFigure(waiting, 'helpdesk_outbox_backlog_events')).toBe(published);
      expect(outboxFigure(waiting, 'helpdesk_outbox_oldest_event_age_seconds')).toBeGreaterThan(0);

      await relayHolder.query('SELECT pg_advisory_unlock(hashtext($1))', [relayLock]);
      const flowed = await eventually('intake to publish its outbox', 'intake', (samples) => {
        return outboxFigure(samples, 'helpdesk_outbox_backlog_events') === 0;
      });
      expect(outboxFigure(flowed, 'helpdesk_outbox_oldest_event_age_seconds')).toBe(0);

      // On the log now; triage's batch waits on its checkpoints: triage trails the log.
      const trailing = await eventually('triage to trail the log', 'triage', (samples) => {
        return (
          projectionFigure(samples, 'triage', 'helpdesk_projection_lag_positions') === published
        );
      });
      expect(sum(groupLag(trailing, 'triage'))).toBe(published);
      expect(
        projectionFigure(trailing, 'triage', 'helpdesk_projection_lag_seconds'),
      ).toBeGreaterThan(0);

      // The others go on: they apply the events (intake skips its own, applied already).
      for (const name of ['back-office', 'specialist'] as const) {
        const caughtUp = await eventually(`${name} to apply the events`, name, (samples) => {
          return projectionFigure(samples, name, 'helpdesk_projection_lag_positions') === 0;
        });
        expect(increase(before, caughtUp, name, 'helpdesk_projection_events_applied_total')).toBe(
          published,
        );
      }
      const intake = await eventually('intake to read its own events back', 'intake', (samples) => {
        return projectionFigure(samples, 'intake', 'helpdesk_projection_lag_positions') === 0;
      });
      expect(increase(before, intake, 'intake', 'helpdesk_projection_events_skipped_total')).toBe(
        published,
      );
    } finally {
      await checkpointHolder.query('ROLLBACK');
    }

    const triage = await eventually('triage to catch up', 'triage', (samples) => {
      return projectionFigure(samples, 'triage', 'helpdesk_projection_lag_positions') === 0;
    });
    expect(projectionFigure(triage, 'triage', 'helpdesk_projection_lag_seconds')).toBe(0);
    expect(groupLag(triage, 'triage').every((lag) => lag === 0)).toBe(true);
    expect(increase(before, triage, 'triage', 'helpdesk_projection_events_applied_total')).toBe(
      published,
    );

    const after = await scrapeAll();
    for (const name of SERVICE_NAMES) {
      expect({
        name,
        deadLettered: projectionFigure(
          after[name],
          name,
          'helpdesk_projection_events_dead_lettered_total',
        ),
        unresolved: projectionFigure(after[name], name, 'helpdesk_dead_letters_unresolved'),
        readinessProbes: requests(after[name], 'GET', '/health/ready', '200'),
      }).toEqual({ name, deadLettered: 0, unresolved: 0, readinessProbes: expect.any(Number) });
    }
    expect(requests(after.intake, 'POST', '/api/v1/tickets', '201')).toBe(3);
    expect(outboxFigure(after.intake, 'helpdesk_outbox_backlog_events')).toBe(0);
  }, 120_000);

  it('follows one ticket by its correlation id through the JSON logs of intake and of every tier', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const response = await fetch(product.url('intake', '/api/v1/tickets'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': integrator.apiKey,
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({
        requester: { name: 'Grace Hopper', email: 'grace@example.com' },
        channel: 'api',
        category: integrator.category,
        summary: 'Printer on the third floor offline',
        description: 'Nobody on the floor can print since the power cut.',
        impact: 'medium',
        urgency: 'medium',
      }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const ticketId = ((await response.json()) as { id: string }).id;

    const linesOf = (name: ServiceName) =>
      jsonLines(product.outputOf(product.service(name))).filter(
        (line) => line['correlationId'] === correlationId,
      );
    await product.explainFailure(() =>
      waitFor(
        () =>
          SERVICE_NAMES.every((name) =>
            linesOf(name).some((line) => line['ticketId'] === ticketId),
          ),
        { description: `every service to log ticket ${ticketId}`, timeoutMs: 30_000 },
      ),
    );

    expect(linesOf('intake')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'info',
          service: 'intake',
          context: 'http',
          msg: 'POST /api/v1/tickets 201',
          route: '/api/v1/tickets',
          statusCode: 201,
        }),
        expect.objectContaining({ level: 'info', service: 'intake', ticketId }),
      ]),
    );
    for (const name of ['triage', 'back-office', 'specialist'] as const) {
      expect(linesOf(name)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            level: 'info',
            service: name,
            context: PROJECTION[name],
            msg: 'TicketSubmitted #1 applied',
            ticketId,
            time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          }),
        ]),
      );
    }
  }, 60_000);
});

/** The lines that are JSON objects; the others (a stray console line) are left out. */
function jsonLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return isRecord(parsed) ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function groupLag(samples: readonly MetricSample[], name: ServiceName): number[] {
  return samples
    .filter(
      (sample) =>
        sample.name === 'helpdesk_consumer_group_lag_positions' &&
        sample.labels['projection'] === PROJECTION[name],
    )
    .map((sample) => sample.value);
}

function increase(
  before: Scrapes,
  after: MetricSample[],
  name: ServiceName,
  metric: string,
): number {
  const labels = { projection: PROJECTION[name] };
  return (
    (metricValue(after, metric, labels) ?? 0) - (metricValue(before[name], metric, labels) ?? 0)
  );
}

function requests(samples: MetricSample[], method: string, route: string, status: string) {
  return metricValue(samples, 'helpdesk_http_request_duration_seconds_count', {
    method,
    route,
    status_code: status,
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
