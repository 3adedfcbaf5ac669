import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { KafkaEventLog } from '@helpdesk/event-log';
import { aTicketSubmitted, uniqueName, waitFor } from '@helpdesk/testing';
import { describeExit } from '../src/child-exit';
import { freePorts } from '../src/ports';
import { ServiceProcess, spawnService } from '../src/service-process';
import { SERVICE_NAMES, ServiceName } from '../src/services';

const READY_WITHIN_MS = 90_000;
const LOG_LINES_KEPT = 40;

/**
 * The four services as separate processes, the way they are deployed, on the real Kafka broker
 * and PostgreSQL server of the jest global setup: each with its own schema, all on a fresh topic.
 */
describe('the four services, each in its own process, on Kafka and PostgreSQL', () => {
  const brokers = requiredEnv('KAFKA_BROKERS');
  const databaseUrl = requiredEnv('DATABASE_URL');
  const topic = uniqueName('e2e-ticket-events');
  const schemaSuffix = randomBytes(4).toString('hex');
  const secrets = {
    INTERNAL_API_TOKEN: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  const schemaOf = (name: ServiceName) => `${name.replace(/-/g, '_')}_${schemaSuffix}`;
  const logs = new Map<ServiceName, string[]>(SERVICE_NAMES.map((name) => [name, []]));
  let services: ServiceProcess[] = [];
  let spawnedAt = 0;
  /** Rejects as soon as a service exits: nothing should, until afterAll stops them. */
  let firstExit: Promise<never> = new Promise(() => undefined);

  beforeAll(async () => {
    const ports = await freePorts(SERVICE_NAMES.length);
    spawnedAt = Date.now();
    services = SERVICE_NAMES.map((name, index) =>
      spawnService({
        name,
        port: ports[index]!,
        env: {
          EVENT_LOG: 'kafka',
          KAFKA_BROKERS: brokers,
          EVENT_LOG_TOPIC: topic,
          EVENT_LOG_PARTITIONS: '3',
          DATABASE_URL: databaseUrl,
          DATABASE_SCHEMA: schemaOf(name),
          ...secrets,
        },
        onLine: (line) => keep(logs.get(name)!, line),
      }),
    );
    firstExit = Promise.race(
      services.map((service) =>
        service.exited.then((exit) => {
          throw new Error(`${service.name} ${describeExit(exit)}`);
        }),
      ),
    );
    firstExit.catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await withDatabase(databaseUrl, async (client) => {
      for (const name of SERVICE_NAMES)
        await client.query(`DROP SCHEMA IF EXISTS ${schemaOf(name)} CASCADE`);
    });
  });

  it(
    'answers GET /health/live on every service',
    async () => {
      await expectOfEveryService(async (service) => {
        await waitFor(async () => (await fetch(url(service, '/health/live'))).status === 200, {
          description: `${service.name} to answer /health/live`,
          timeoutMs: READY_WITHIN_MS - (Date.now() - spawnedAt),
          intervalMs: 250,
        });
      });
    },
    READY_WITHIN_MS + 5_000,
  );

  it(
    `gets every service ready within ${READY_WITHIN_MS / 1000} s`,
    async () => {
      await expectOfEveryService(async (service) => {
        await waitFor(async () => (await fetch(url(service, '/health/ready'))).status === 200, {
          description: `${service.name} to answer /health/ready with 200`,
          timeoutMs: Math.max(0, READY_WITHIN_MS - (Date.now() - spawnedAt)),
          intervalMs: 250,
        });
      });
    },
    READY_WITHIN_MS + 5_000,
  );

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
      await expectOfEveryService(async (service) => {
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
        const schema = schemaOf(service.name);
        const versions = await withDatabase(databaseUrl, (client) =>
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

  /** Runs `check` for all services at once; a failure carries the services' recent output. */
  async function expectOfEveryService(
    check: (service: ServiceProcess) => Promise<void>,
  ): Promise<void> {
    try {
      await Promise.race([Promise.all(services.map(check)), firstExit]);
    } catch (error) {
      const output = SERVICE_NAMES.map((name) => `--- ${name}\n${logs.get(name)!.join('\n')}`).join(
        '\n',
      );
      if (error instanceof Error) error.message += `\n\nRecent output of the services:\n${output}`;
      throw error;
    }
  }
});

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
  const body = (await response.json()) as { projection: Projection };
  return { status: response.status, projection: body.projection };
}

function processed({ counts }: Projection): number {
  return counts.applied + counts.skippedDuplicates + counts.deadLettered;
}

function url(service: ServiceProcess, path: string): string {
  return `http://127.0.0.1:${service.port}${path}`;
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > LOG_LINES_KEPT) lines.shift();
}

async function withDatabase<T>(
  databaseUrl: string,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run this test through jest, whose global setup provides it`,
    );
  return value;
}
