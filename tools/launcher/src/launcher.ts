import { describeExit } from './child-exit';
import {
  EmbeddedPostgresProcess,
  spawnEmbeddedPostgres,
} from './embedded-postgres/embedded-postgres-process';
import { LauncherConfig } from './launcher-config';
import { SECRET_NAMES, localSecrets } from './local-secrets';
import {
  complain,
  redactPassword,
  reportProgress,
  reportStillWaiting,
  say,
  secondsSince,
} from './launcher-log';
import { prefixedOutput } from './output';
import { relativeToWorkspace } from './paths';
import { WantedPort, assertPortsFree } from './ports';
import { waitUntilReady } from './readiness';
import { ensureServicesBuilt } from './service-build';
import { STOP_GRACE_MS, ServiceProcess, spawnService } from './service-process';
import { SERVICE_NAMES, ServiceName, portVariable } from './services';
import { seedDemo } from './demo-seed';
import { StopReason, StopRequest } from './stop-request';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Running {
  postgres?: EmbeddedPostgresProcess;
  services: ServiceProcess[];
}

/**
 * Runs the whole product until a signal or a failure: the embedded PostgreSQL (unless
 * DATABASE_URL is set), then the four services. Stops the services, then the database.
 * Resolves with the exit code: 0 when stopped by a signal, 1 when something failed.
 */
export async function launch(config: LauncherConfig): Promise<number> {
  const stop = new StopRequest();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.request({ kind: 'signal', signal })) say(`${signal} received, stopping...`);
    else
      say(
        `${signal} received, already stopping (services get ${STOP_GRACE_MS / 1000} s before SIGKILL)`,
      );
  };
  STOP_SIGNALS.forEach((signal) => process.on(signal, onSignal));
  const running: Running = { services: [] };
  try {
    await start(config, running, stop);
  } catch (error) {
    stop.request({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
  }
  const reason = await stop.reason;
  const anythingRunning = running.postgres !== undefined || running.services.length > 0;
  if (reason.kind !== 'signal') complain(describeReason(reason));
  if (reason.kind !== 'signal' && anythingRunning) complain('stopping everything');
  if (anythingRunning) await shutdown(running);
  STOP_SIGNALS.forEach((signal) => process.off(signal, onSignal));
  return reason.kind === 'signal' ? 0 : 1;
}

async function start(config: LauncherConfig, running: Running, stop: StopRequest): Promise<void> {
  const startedAt = Date.now();
  await assertPortsFree(wantedPorts(config));
  const secrets = await localSecrets(process.env, config.secretsFile);
  if (secrets.generated.length > 0) {
    say(
      `generated ${secrets.generated.join(' and ')} for the services, kept in ` +
        `${relativeToWorkspace(config.secretsFile)} (set them in the environment to choose your own)`,
    );
  }

  // The services run compiled, as their images do: built while the database starts.
  const built = ensureServicesBuilt({ onProgress: say }).then((report) => {
    if (report.built) say(`built the services in ${report.seconds?.toFixed(1) ?? '?'} s`);
  });
  // Awaited below; until then a failure must not count as unhandled.
  built.catch(() => undefined);

  let databaseUrl = config.databaseUrl;
  if (databaseUrl) {
    say(`using DATABASE_URL ${redactPassword(databaseUrl)}`);
  } else {
    say('starting the embedded PostgreSQL...');
    running.postgres = spawnEmbeddedPostgres(config.embeddedPostgres, prefixedOutput('postgres'));
    databaseUrl = await Promise.race([running.postgres.ready, stop.reason.then(() => undefined)]);
    if (!databaseUrl) return;
    void running.postgres.exited.then((exit) =>
      stop.request({ kind: 'died', name: 'postgres', exit }),
    );
    say(`PostgreSQL ready after ${secondsSince(startedAt)}`);
  }
  await Promise.race([built, stop.reason]);
  if (stop.requested) return;

  const url = (port: number, host = config.serviceHost) => `http://${hostForUrl(host)}:${port}`;
  const publicUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, url(config.servicePorts[name])]),
  ) as Record<ServiceName, string>;
  const servicesStartedAt = Date.now();
  for (const name of SERVICE_NAMES) {
    const service = spawnService({
      name,
      port: config.servicePorts[name],
      heapMiB: config.heapMiB[name],
      env: {
        EVENT_LOG: 'postgres',
        DATABASE_URL: databaseUrl,
        ...secrets.values,
        SIGN_IN_URL: `${publicUrls.intake}/sign-in`,
        L1_DASHBOARD_URL: `${publicUrls.triage}/dashboard`,
        L2_DASHBOARD_URL: `${publicUrls['back-office']}/dashboard`,
        L3_DASHBOARD_URL: `${publicUrls.specialist}/dashboard`,
      },
      onLine: prefixedOutput(name),
    });
    running.services.push(service);
    void service.exited.then((exit) => stop.request({ kind: 'died', name, exit }));
  }
  say(
    `started ${SERVICE_NAMES.map((name) => `${name} (heap ≤ ${config.heapMiB[name]} MiB)`).join(', ')}; ` +
      'waiting until each answers GET /health/ready with 200...',
  );

  try {
    await waitUntilReady(
      running.services.map((service) => ({
        name: service.name,
        url: `${url(service.port, config.probeHost)}/health/ready`,
      })),
      { onChange: reportProgress, onStillWaiting: reportStillWaiting, signal: stop.signal },
    );
  } catch (error) {
    if (stop.requested) return;
    throw error;
  }

  say(
    `all ${running.services.length} services are ready: ` +
      `${secondsSince(servicesStartedAt)} after they started, ${secondsSince(startedAt)} in all`,
  );
  const seeded = await seedDemo(
    {
      intakeUrl: url(config.servicePorts.intake, config.probeHost),
      adminToken: secrets.values.ADMIN_API_TOKEN,
    },
    config.credentialsFile,
  );
  if (seeded) {
    say(
      `first start: created the demo's technicians (${seeded.technicians.map((t) => t.id).join(', ')}) ` +
        `and an integrator key; their passwords and the key are in ${relativeToWorkspace(config.credentialsFile)}`,
    );
  } else {
    say(`sign-in names and passwords of the demo: ${relativeToWorkspace(config.credentialsFile)}`);
  }
  const where: [string, string][] = [
    ['Portal (employees)', `${publicUrls.intake}/portal`],
    ['Sign-in (technicians)', `${publicUrls.intake}/sign-in`],
    ['Level 1 dashboard', `${publicUrls.triage}/dashboard`],
    ['Level 2 dashboard', `${publicUrls['back-office']}/dashboard`],
    ['Level 3 dashboard', `${publicUrls.specialist}/dashboard`],
    ...SERVICE_NAMES.map((name): [string, string] => [
      `API docs, ${name}`,
      `${publicUrls[name]}/api/docs`,
    ]),
  ];
  const width = Math.max(...where.map(([label]) => label.length));
  for (const [label, address] of where) say(`  ${label.padEnd(width)}  ${address}`);
  const fromEnvironment = SECRET_NAMES.filter((name) => process.env[name]);
  say(
    `secrets (ADMIN_API_TOKEN creates integrator keys, AUTH_SECRET signs technician tokens): ` +
      (fromEnvironment.length === SECRET_NAMES.length
        ? 'from the environment'
        : relativeToWorkspace(config.secretsFile)),
  );
  say(
    config.databaseUrl
      ? `database: ${redactPassword(config.databaseUrl)}`
      : `database: ${databaseUrl} (embedded, data in ${relativeToWorkspace(config.embeddedPostgres.dataDir)})`,
  );
  say('Ctrl-C stops everything.');
}

async function shutdown({ postgres, services }: Running): Promise<void> {
  const startedAt = Date.now();
  if (services.length > 0) {
    say(`stopping ${services.map((service) => service.name).join(', ')}...`);
    const exits = await Promise.all(services.map((service) => service.stop()));
    services.forEach((service, index) => {
      const exit = exits[index];
      if (exit) say(`  ${service.name} ${describeExit(exit)}`);
    });
  }
  if (postgres) {
    say('stopping the embedded PostgreSQL...');
    const exit = await postgres.stop();
    if (exit.code !== 0) say(`  the embedded PostgreSQL host ${describeExit(exit)}`);
  }
  say(`stopped in ${secondsSince(startedAt)}`);
}

function wantedPorts(config: LauncherConfig): WantedPort[] {
  const wanted = SERVICE_NAMES.map((name) => ({
    port: config.servicePorts[name],
    host: config.listenHost,
    owner: name,
    variable: portVariable(name),
  }));
  if (config.databaseUrl) return wanted;
  const { port } = config.embeddedPostgres;
  return [
    ...wanted,
    { port, host: '127.0.0.1', owner: 'embedded PostgreSQL', variable: 'EMBEDDED_PG_PORT' },
  ];
}

function describeReason(reason: StopReason): string {
  switch (reason.kind) {
    case 'signal':
      return `${reason.signal} received`;
    case 'died':
      return `${reason.name} died (${describeExit(reason.exit)})`;
    case 'failed':
      return reason.message;
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
