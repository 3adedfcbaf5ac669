import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { describeExit } from '../../src/child-exit';
import { freePorts } from '../../src/ports';
import { ServiceProcess, spawnService } from '../../src/service-process';
import { SERVICE_NAMES, ServiceName } from '../../src/services';

const LOG_LINES_KEPT = 60;

export interface ProductOptions {
  brokers: string;
  databaseUrl: string;
  partitions?: number;
}

/**
 * The four services as separate processes, the way they are deployed, on a real Kafka broker
 * and PostgreSQL server: each with its own schema, all on a fresh topic, wired to each other.
 */
export class RunningProduct {
  readonly topic = uniqueName('e2e-ticket-events');
  readonly secrets = {
    INTERNAL_API_TOKEN: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
    ADMIN_API_TOKEN: randomBytes(32).toString('hex'),
  };
  readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly schemaSuffix = randomBytes(4).toString('hex');
  private readonly logs = new Map<ServiceName, string[]>(SERVICE_NAMES.map((name) => [name, []]));
  /** Rejects as soon as a service exits: nothing should, until stop(). */
  private firstExit: Promise<never> = new Promise(() => undefined);

  constructor(private readonly options: ProductOptions) {}

  schemaOf(name: ServiceName): string {
    return `${name.replace(/-/g, '_')}_${this.schemaSuffix}`;
  }

  url(name: ServiceName, path: string): string {
    return `http://127.0.0.1:${this.service(name).port}${path}`;
  }

  service(name: ServiceName): ServiceProcess {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service;
  }

  async start(readyWithinMs = 120_000): Promise<void> {
    const ports = await freePorts(SERVICE_NAMES.length);
    const portOf = (name: ServiceName) => ports[SERVICE_NAMES.indexOf(name)]!;
    for (const name of SERVICE_NAMES) {
      this.services.set(
        name,
        spawnService({
          name,
          port: portOf(name),
          env: {
            EVENT_LOG: 'kafka',
            KAFKA_BROKERS: this.options.brokers,
            EVENT_LOG_TOPIC: this.topic,
            EVENT_LOG_PARTITIONS: String(this.options.partitions ?? 3),
            DATABASE_URL: this.options.databaseUrl,
            DATABASE_SCHEMA: this.schemaOf(name),
            TRIAGE_URL: `http://127.0.0.1:${portOf('triage')}`,
            BACK_OFFICE_URL: `http://127.0.0.1:${portOf('back-office')}`,
            SPECIALIST_URL: `http://127.0.0.1:${portOf('specialist')}`,
            ...this.secrets,
          },
          onLine: (line) => keep(this.logs.get(name)!, line),
        }),
      );
    }
    this.firstExit = Promise.race(
      [...this.services.values()].map((service) =>
        service.exited.then((exit) => {
          throw new Error(`${service.name} ${describeExit(exit)}`);
        }),
      ),
    );
    this.firstExit.catch(() => undefined);
    await this.ofEveryService(async (service) => {
      await waitFor(async () => (await fetch(this.url(service.name, '/health/ready'))).ok, {
        description: `${service.name} to answer /health/ready with 200`,
        timeoutMs: readyWithinMs,
        intervalMs: 250,
      });
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop()));
    await this.query(async (client) => {
      for (const name of SERVICE_NAMES) {
        await client.query(`DROP SCHEMA IF EXISTS ${this.schemaOf(name)} CASCADE`);
      }
    });
  }

  /** Runs `check` for all services at once; a failure carries the services' recent output. */
  async ofEveryService(check: (service: ServiceProcess) => Promise<void>): Promise<void> {
    await this.explainFailure(() =>
      Promise.race([Promise.all([...this.services.values()].map(check)), this.firstExit]),
    );
  }

  /** Adds the services' recent output to the error of a failed step. */
  async explainFailure<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const output = SERVICE_NAMES.map(
        (name) => `--- ${name}\n${(this.logs.get(name) ?? []).join('\n')}`,
      ).join('\n');
      if (error instanceof Error) error.message += `\n\nRecent output of the services:\n${output}`;
      throw error;
    }
  }

  async query<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.options.databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > LOG_LINES_KEPT) lines.shift();
}
