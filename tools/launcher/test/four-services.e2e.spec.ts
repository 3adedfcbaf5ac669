import { KafkaEventLog } from '@helpdesk/event-log';
import { aTicketSubmitted, waitFor } from '@helpdesk/testing';
import { ServiceProcess } from '../src/service-process';
import { ServiceName } from '../src/services';
import { RunningProduct } from '../src/running-product';
import { requiredEnv } from './support/required-env';

const READY_WITHIN_MS = 90_000;

/**
 * The four services as separate processes, the way they are deployed, on the real Kafka broker
 * and PostgreSQL server of the jest global setup: each with its own schema, all on a fresh topic.
 */
describe('the four services, each in its own process, on Kafka and PostgreSQL', () => {
  const brokers = requiredEnv('KAFKA_BROKERS');
  const product = new RunningProduct({ brokers, databaseUrl: requiredEnv('DATABASE_URL') });
  const { topic } = product;
  let services: ServiceProcess[] = [];

  beforeAll(async () => {
    await product.start(READY_WITHIN_MS);
    services = product.instances();
  }, READY_WITHIN_MS + 10_000);

  afterAll(() => product.stop());

  it('answers GET /health/live and /health/ready on every service', async () => {
    await product.ofEveryService(async (service) => {
      expect((await fetch(url(service, '/health/live'))).status).toBe(200);
      expect((await fetch(url(service, '/health/ready'))).status).toBe(200);
    });
  });

  it('projects a ticket event appended to the topic in every service', async () => {
    const event = aTicketSubmitted();
    const log = new KafkaEventLog({
      brokers: brokers.split(','),
      clientId: 'launcher-e2e',
      topic,
      partitions: 3,
      replicationFactor: 1,
    });
    try {
      await log.append([event]);
      const answers = new Map<ServiceName, Readiness>();
      await product.ofEveryService(async (service) => {
        await waitFor(
          async () => {
            const answer = await readiness(service);
            answers.set(service.name, answer);
            return answer.projection.behind === 0 && processed(answer.projection) > 0;
          },
          {
            description: `${service.name} to process the event`,
            timeoutMs: 30_000,
            intervalMs: 250,
          },
        );
      });
      // Dead letters are only read to explain a failure.
      const deadLetters = [...answers.values()].some(
        ({ projection }) => processed(projection) > projection.counts.applied,
      )
        ? await log.readDeadLetters()
        : [];
      for (const service of services) {
        const schema = product.schemaOf(service.name);
        const versions = await product.query((client) =>
          client.query(`SELECT ticket_id, last_sequence FROM ${schema}.projection_ticket_versions`),
        );
        expect({
          service: service.name,
          status: answers.get(service.name)?.status,
          counts: answers.get(service.name)?.projection.counts,
          deadLetters: deadLetters
            .filter((letter) => letter.groupId.startsWith(`${service.name}.`))
            .map((letter) => letter.reason),
          ticketVersions: versions.rows,
        }).toEqual({
          service: service.name,
          status: 200,
          counts: { applied: 1, skippedDuplicates: 0, deadLettered: 0 },
          deadLetters: [],
          ticketVersions: [{ ticket_id: event.ticketId, last_sequence: 1 }],
        });
      }
    } finally {
      await log.close();
    }
  }, 60_000);

  it('rebuilds a read model from the log on request, showing progress, to the same rows', async () => {
    const schema = product.schemaOf('triage');
    const rows = () =>
      product.query(
        async (client) =>
          (await client.query(`SELECT * FROM ${schema}.ticket_lifecycle ORDER BY ticket_id`)).rows,
      );
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    const admin = { authorization: `Bearer ${product.secrets.INTERNAL_API_TOKEN}` };
    const endpoint = product.url('triage', '/internal/v1/read-model');

    expect((await fetch(endpoint)).status).toBe(401);
    const started = await fetch(`${endpoint}/rebuild`, { method: 'POST', headers: admin });
    expect(started.status).toBe(202);
    const seen: ProjectionStatus[] = [(await started.json()) as ProjectionStatus];
    await waitFor(
      async () => {
        const status = (await (
          await fetch(endpoint, { headers: admin })
        ).json()) as ProjectionStatus;
        seen.push(status);
        return status.state === 'running' && status.caughtUp;
      },
      { description: 'the rebuild to finish', timeoutMs: 30_000, intervalMs: 100 },
    );

    expect(seen[0]).toMatchObject({ state: 'rebuilding' });
    expect(seen.some((status) => status.rebuildPercent !== undefined)).toBe(true);
    expect(await rows()).toEqual(before);
  }, 60_000);
});

interface ProjectionStatus {
  state: string;
  caughtUp: boolean;
  rebuildPercent?: number;
}

interface Projection {
  behind: number;
  counts: { applied: number; skippedDuplicates: number; deadLettered: number };
}

/** GET /health/ready's body, 200 or 503 alike: it reports the projection either way. */
interface Readiness {
  status: number;
  projection: Projection;
}

async function readiness(service: ServiceProcess): Promise<Readiness> {
  const response = await fetch(url(service, '/health/ready'));
  const body = (await response.json()) as { details: { projection: Projection } };
  return { status: response.status, projection: body.details.projection };
}

function processed({ counts }: Projection): number {
  return counts.applied + counts.skippedDuplicates + counts.deadLettered;
}

function url(service: ServiceProcess, path: string): string {
  return `http://127.0.0.1:${service.port}${path}`;
}
