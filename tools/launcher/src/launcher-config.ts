import path from 'node:path';
import { EmbeddedPostgresOptions } from './embedded-postgres/host-protocol';
import { dataDir } from './paths';
import { DEFAULT_PORTS, SERVICE_NAMES, ServiceName, heapLimits, portVariable } from './services';

const DEFAULT_EMBEDDED_PG_PORT = 5433;
const DATABASE = 'helpdesk';
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

export interface LauncherConfig {
  /** DATABASE_URL if set; without it the launcher runs an embedded cluster. */
  databaseUrl: string | undefined;
  embeddedPostgres: EmbeddedPostgresOptions;
  servicePorts: Readonly<Record<ServiceName, number>>;
  /** Each service's V8 heap limit in MiB: `<NAME>_HEAP_MIB`, else DEFAULT_HEAP_MIB. */
  heapMiB: Readonly<Record<ServiceName, number>>;
  /** The address the services listen on (their HOST). */
  listenHost: string;
  /** The host name shown in the services' URLs. */
  serviceHost: string;
  /** Where the launcher asks them whether they are ready. */
  probeHost: string;
  /** Where the launcher keeps the secrets it generated for the services. */
  secretsFile: string;
  /** Where a first start writes the demo's sign-in names, passwords and integrator key. */
  credentialsFile: string;
}

/** Reads the launcher's settings; throws one error naming every bad variable. */
export function readLauncherConfig(environment: NodeJS.ProcessEnv): LauncherConfig {
  const problems: string[] = [];
  const port = (variable: string, fallback: number): number => {
    const raw = environment[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= 65_535) return value;
    problems.push(`${variable} must be a port number (1-65535), got "${raw}"`);
    return fallback;
  };

  const databaseUrl = environment['DATABASE_URL'] || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const servicePorts = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, port(portVariable(name), DEFAULT_PORTS[name])]),
  ) as Record<ServiceName, number>;
  const heapMiB = heapLimits(environment, problems);
  const embeddedPort = port('EMBEDDED_PG_PORT', DEFAULT_EMBEDDED_PG_PORT);
  problems.push(
    ...portClashes({ ...servicePorts, ...(databaseUrl ? {} : { EMBEDDED_PG_PORT: embeddedPort }) }),
  );
  if (problems.length > 0) {
    throw new Error(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }

  const listenHost = environment['HOST'] ?? '0.0.0.0';
  return {
    databaseUrl,
    embeddedPostgres: {
      dataDir: path.join(dataDir, 'postgres'),
      port: embeddedPort,
      database: DATABASE,
    },
    servicePorts,
    heapMiB,
    listenHost,
    serviceHost: ALL_INTERFACES.has(listenHost) ? 'localhost' : listenHost,
    // Not `localhost`, which may resolve to ::1 while the services listen on IPv4 only.
    probeHost: ALL_INTERFACES.has(listenHost) ? '127.0.0.1' : listenHost,
    secretsFile: path.join(dataDir, 'local-secrets.json'),
    credentialsFile: path.join(dataDir, 'demo-credentials.json'),
  };
}

function portClashes(ports: Record<string, number>): string[] {
  const owners = new Map<number, string[]>();
  for (const [owner, port] of Object.entries(ports))
    owners.set(port, [...(owners.get(port) ?? []), owner]);
  return [...owners]
    .filter(([, names]) => names.length > 1)
    .map(([port, names]) => `${names.join(' and ')} would share port ${port}`);
}
