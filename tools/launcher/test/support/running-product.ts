import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { ChildExit, describeExit } from '../../src/child-exit';
import { freePorts } from '../../src/ports';
import { ServiceProcess, spawnService } from '../../src/service-process';
import { SERVICE_NAMES, ServiceName } from '../../src/services';

const LOG_LINES_KEPT = 60;

export interface ProductOptions {
  brokers: string;
  databaseUrl: string;
  partitions?: number;
  /**
   * Processes per service, 1 unless said. The instances of a service share its schema and its
   * consumer group, each on its own port; the other services are wired to the first one.
   */
  instances?: Partial<Record<ServiceName, number>>;
}

/** One process of a service, named `triage` for the first and `triage#2`... for the others. */
interface Instance {
  process: ServiceProcess;
  label: string;
  lines: string[];
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
  private readonly schemaSuffix = randomBytes(4).toString('hex');
  private readonly started: Instance[] = [];
  /** Instances ended on purpose by kill(): their exit is no failure. */
  private readonly killed = new Set<ServiceProcess>();
  /** Rejects as soon as an instance exits that was not killed: nothing should, until stop(). */
  private firstExit: Promise<never> = new Promise(() => undefined);

  constructor(private readonly options: ProductOptions) {}

  schemaOf(name: ServiceName): string {
    return `${name.replace(/-/g, '_')}_${this.schemaSuffix}`;
  }

  /** The consumer group of a projection on Kafka (KafkaEventLog qualifies it by the topic). */
  consumerGroupOf(projection: string): string {
    return `${this.topic}.${projection}`;
  }

  /** A URL on the first running instance of the service. */
  url(name: ServiceName, path: string): string {
    return urlOf(this.service(name), path);
  }

  /** The first running instance of the service. */
  service(name: ServiceName): ServiceProcess {
    const service = this.instances(name)[0];
    if (!service) throw new Error(`${name} is not running`);
    return service;
  }

  /** The running instances, of one service or of all, in the order they were started. */
  instances(name?: ServiceName): ServiceProcess[] {
    return this.started
      .map((instance) => instance.process)
      .filter(
        (service) => !this.killed.has(service) && (name === undefined || service.name === name),
      );
  }

  async start(readyWithinMs = 120_000): Promise<void> {
    const counts = SERVICE_NAMES.map((name) => this.options.instances?.[name] ?? 1);
    const ports = await freePorts(counts.reduce((sum, count) => sum + count, 0));
    const layout = SERVICE_NAMES.flatMap((name, index) =>
      Array.from({ length: counts[index]! }, (_, replica) => ({ name, replica })),
    ).map((entry, index) => ({ ...entry, port: ports[index]! }));
    const firstPortOf = (name: ServiceName) => layout.find((entry) => entry.name === name)!.port;
    for (const { name, replica, port } of layout) {
      const lines: string[] = [];
      const service = spawnService({
        name,
        port,
        env: {
          EVENT_LOG: 'kafka',
          KAFKA_BROKERS: this.options.brokers,
          EVENT_LOG_TOPIC: this.topic,
          EVENT_LOG_PARTITIONS: String(this.options.partitions ?? 3),
          DATABASE_URL: this.options.databaseUrl,
          DATABASE_SCHEMA: this.schemaOf(name),
          TRIAGE_URL: `http://127.0.0.1:${firstPortOf('triage')}`,
          BACK_OFFICE_URL: `http://127.0.0.1:${firstPortOf('back-office')}`,
          SPECIALIST_URL: `http://127.0.0.1:${firstPortOf('specialist')}`,
          SIGN_IN_URL: `http://127.0.0.1:${firstPortOf('intake')}/sign-in`,
          L1_DASHBOARD_URL: `http://127.0.0.1:${firstPortOf('triage')}/dashboard`,
          L2_DASHBOARD_URL: `http://127.0.0.1:${firstPortOf('back-office')}/dashboard`,
          L3_DASHBOARD_URL: `http://127.0.0.1:${firstPortOf('specialist')}/dashboard`,
          ...this.secrets,
        },
        onLine: (line) => keep(lines, line),
      });
      this.started.push({
        process: service,
        label: replica === 0 ? name : `${name}#${replica + 1}`,
        lines,
      });
    }
    this.firstExit = Promise.race(
      this.started.map(({ process, label }) =>
        process.exited.then((exit): Promise<never> => {
          if (this.killed.has(process)) return new Promise(() => undefined);
          throw new Error(`${label} ${describeExit(exit)}`);
        }),
      ),
    );
    // Once one instance is gone, the others' readiness no longer matters: stop asking.
    let failed = false;
    this.firstExit.catch(() => (failed = true));
    await this.ofEveryService(async (service) => {
      await waitFor(async () => failed || (await fetch(urlOf(service, '/health/ready'))).ok, {
        description: `${this.labelOf(service)} to answer /health/ready with 200`,
        timeoutMs: readyWithinMs,
        intervalMs: 250,
      });
    });
  }

  /**
   * Ends an instance with SIGKILL, as a crashed node or an OOM kill would: no shutdown hook
   * runs, its consumer leaves no group and its transactions are cut off.
   */
  async kill(service: ServiceProcess): Promise<ChildExit> {
    if (service.pid === undefined) throw new Error(`${this.labelOf(service)} has no process`);
    this.killed.add(service);
    process.kill(service.pid, 'SIGKILL');
    return service.exited;
  }

  labelOf(service: ServiceProcess): string {
    return this.started.find((instance) => instance.process === service)?.label ?? service.name;
  }

  async stop(): Promise<void> {
    await Promise.all(this.started.map(({ process }) => process.stop()));
    await this.query(async (client) => {
      for (const name of SERVICE_NAMES) {
        await client.query(`DROP SCHEMA IF EXISTS ${this.schemaOf(name)} CASCADE`);
      }
    });
  }

  /** Runs `check` for every running instance at once; a failure carries their recent output. */
  async ofEveryService(check: (service: ServiceProcess) => Promise<void>): Promise<void> {
    await this.explainFailure(() =>
      Promise.race([Promise.all(this.instances().map(check)), this.firstExit]),
    );
  }

  /** Adds the instances' recent output (killed ones too) to the error of a failed step. */
  async explainFailure<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const output = this.started
        .map(({ process, label, lines }) => {
          const killed = this.killed.has(process) ? ' (killed by the test)' : '';
          return `--- ${label}${killed}\n${lines.join('\n')}`;
        })
        .join('\n');
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

export function urlOf(service: ServiceProcess, path: string): string {
  return `http://127.0.0.1:${service.port}${path}`;
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > LOG_LINES_KEPT) lines.shift();
}
