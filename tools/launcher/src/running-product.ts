import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { ChildExit, describeExit } from './child-exit';
import { freePorts } from './ports';
import { ensureServicesBuilt } from './service-build';
import { ServiceProcess, spawnService } from './service-process';
import {
  SERVICE_NAMES,
  ServiceName,
  ServiceRuntime,
  heapLimits,
  serviceRuntimeFrom,
} from './services';

const LOG_LINES_KEPT = 150;

export interface ProductOptions {
  /** `kafka` unless said; `postgres`: the embedded default's log, in a fresh schema. */
  eventLog?: 'kafka' | 'postgres';
  /** Required with Kafka. */
  brokers?: string;
  databaseUrl: string;
  partitions?: number;
  /** How the fresh topic's name starts: `e2e-ticket-events` unless said. */
  topicPrefix?: string;
  /**
   * Processes per service, 1 unless said. The instances of a service share its schema and its
   * consumer group, each on its own port; the other services are wired to the first one.
   */
  instances?: Partial<Record<ServiceName, number>>;
  /** Extra options for node in every service process (`--cpu-prof`...). */
  nodeArguments?: readonly string[];
  /**
   * `compiled`: the production build, as `npm start` and the images run it (built first if
   * missing or older than the sources). `sources`: through @swc-node/register. Unless said,
   * HELPDESK_SERVICE_RUNTIME's, else `compiled`.
   */
  runtime?: ServiceRuntime;
  /**
   * Each service's V8 heap limit in MiB: `<NAME>_HEAP_MIB` from the environment, else the
   * defaults `npm start` uses (DEFAULT_HEAP_MIB).
   */
  heapMiB?: Partial<Record<ServiceName, number>>;
}

/** One process of a service, named `triage` for the first and `triage#2`... for the others. */
interface Instance {
  /** The current process; restart() replaces it with a new one, on the same port. */
  process: ServiceProcess;
  label: string;
  lines: string[];
  name: ServiceName;
  port: number;
  env: Record<string, string>;
}

/**
 * The four services as separate processes, the way they are deployed, on a real Kafka broker
 * and PostgreSQL server: each with its own schema, all on a fresh topic, wired to each other.
 */
export class RunningProduct {
  readonly topic: string;
  readonly secrets = {
    INTERNAL_API_TOKEN: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
    ADMIN_API_TOKEN: randomBytes(32).toString('hex'),
  };
  private readonly schemaSuffix = randomBytes(4).toString('hex');
  /** With the PostgreSQL log: the schema that holds it, fresh like the topic. */
  readonly logSchema = `event_log_${this.schemaSuffix}`;
  private readonly heapMiB: Record<ServiceName, number>;
  readonly runtime: ServiceRuntime;
  private readonly started: Instance[] = [];
  /** Processes ended on purpose by kill() or stopInstance(): their exit is no failure. */
  private readonly killed = new Set<ServiceProcess>();
  /** The first exit of a process that was not ended on purpose: nothing should, until stop(). */
  private unexpectedExit?: Error;
  private rejectFirstExit: (error: Error) => void = () => undefined;
  /** Rejects with that exit as soon as it happens. */
  private readonly firstExit = new Promise<never>((_resolve, reject) => {
    this.rejectFirstExit = reject;
  });

  constructor(private readonly options: ProductOptions) {
    if (this.eventLog === 'kafka' && !options.brokers) {
      throw new Error('the product on Kafka needs brokers');
    }
    this.topic = uniqueName(options.topicPrefix ?? 'e2e-ticket-events');
    this.runtime = options.runtime ?? serviceRuntimeFrom(process.env);
    const problems: string[] = [];
    this.heapMiB = { ...heapLimits(process.env, problems), ...options.heapMiB };
    if (problems.length > 0) throw new Error(problems.join('; '));
    // Awaited in races only: until then, a rejection must not count as unhandled.
    this.firstExit.catch(() => undefined);
  }

  get eventLog(): 'kafka' | 'postgres' {
    return this.options.eventLog ?? 'kafka';
  }

  /** The V8 heap limit each service process runs with, in MiB. */
  heapLimitOf(name: ServiceName): number {
    return this.heapMiB[name];
  }

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

  /**
   * Starts every instance and resolves once each answers /health/ready. The compiled services
   * are built first when their build is missing or stale: that time is not `readyWithinMs`'s.
   */
  async start(readyWithinMs = 120_000): Promise<void> {
    if (this.runtime === 'compiled') await ensureServicesBuilt();
    const instances = SERVICE_NAMES.flatMap((name) =>
      Array.from({ length: this.options.instances?.[name] ?? 1 }, (_, replica) => ({
        name,
        replica,
      })),
    );
    const ports = await freePorts(instances.length);
    const layout = instances.flatMap((entry, index) =>
      ports[index] === undefined ? [] : [{ ...entry, port: ports[index] }],
    );
    const firstPortOf = (name: ServiceName) => {
      const first = layout.find((entry) => entry.name === name);
      if (!first) throw new Error(`no instance of ${name} to wire the others to`);
      return first.port;
    };
    for (const { name, replica, port } of layout) {
      const instance: Omit<Instance, 'process'> = {
        label: replica === 0 ? name : `${name}#${replica + 1}`,
        lines: [],
        name,
        port,
        env: {
          ...(this.eventLog === 'kafka'
            ? {
                EVENT_LOG: 'kafka',
                KAFKA_BROKERS: this.options.brokers ?? '',
                EVENT_LOG_TOPIC: this.topic,
              }
            : { EVENT_LOG: 'postgres', EVENT_LOG_SCHEMA: this.logSchema }),
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
      };
      this.started.push({ ...instance, process: this.spawn(instance) });
    }
    await this.ofEveryService(async (service) => {
      // Once one instance is gone, the others' readiness no longer matters: stop asking.
      const ready = async () =>
        this.unexpectedExit !== undefined || (await fetch(urlOf(service, '/health/ready'))).ok;
      await waitFor(ready, {
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

  /**
   * Stops an instance the way a rollout does: SIGTERM, its shutdown hooks run, its consumer
   * leaves the group.
   */
  async stopInstance(service: ServiceProcess): Promise<ChildExit> {
    this.killed.add(service);
    return service.stop();
  }

  /**
   * Starts an instance again once kill() or stopInstance() ended it: a new process of the
   * service with the same label, port and environment, so the others reach it where they did.
   * Returns as soon as it is spawned: wait for what the test needs (live, ready...).
   */
  restart(service: ServiceProcess): ServiceProcess {
    const instance = this.started.find((entry) => entry.process === service);
    if (!instance) throw new Error(`${service.name} on port ${service.port} is not an instance`);
    if (!this.killed.has(service)) throw new Error(`${instance.label} is running`);
    keep(instance.lines, `--- restarted by the test`);
    instance.process = this.spawn(instance);
    return instance.process;
  }

  /** The instance's latest output lines (stdout and stderr, the last few dozen), oldest first. */
  outputOf(service: ServiceProcess): string[] {
    return [...(this.started.find((instance) => instance.process === service)?.lines ?? [])];
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
      if (this.eventLog === 'postgres') {
        await client.query(`DROP SCHEMA IF EXISTS ${this.logSchema} CASCADE`);
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

  private spawn(instance: Omit<Instance, 'process'>): ServiceProcess {
    const service = spawnService({
      name: instance.name,
      port: instance.port,
      env: instance.env,
      onLine: (line) => keep(instance.lines, line),
      runtime: this.runtime,
      heapMiB: this.heapMiB[instance.name],
      nodeArguments: this.options.nodeArguments,
    });
    void service.exited.then((exit) => {
      if (this.killed.has(service)) return;
      const error = new Error(`${instance.label} ${describeExit(exit)}`);
      this.unexpectedExit ??= error;
      this.rejectFirstExit(error);
    });
    return service;
  }
}

export function urlOf(service: ServiceProcess, path: string): string {
  return `http://127.0.0.1:${service.port}${path}`;
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > LOG_LINES_KEPT) lines.shift();
}
