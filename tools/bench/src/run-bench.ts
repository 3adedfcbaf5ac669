import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RunningProduct, SERVICE_NAMES } from '@helpdesk/launcher';
import { metricValue, parseMetrics } from '@helpdesk/testing';
import { BenchOptions, resultsFile } from './bench-options';
import { prepareProduct } from './bench-product';
import { Infrastructure, provisionInfrastructure, redactPassword } from './infrastructure';
import { measureDatabaseLimit } from './limits/database-limit';
import { LogLimitResult, measureLogLimit } from './limits/log-limit';
import { measurePostgresLogLimit } from './limits/postgres-log-limit';
import { CpuMeter, CpuTarget, CpuUse } from './cpu-meter';
import { MemorySampler, MemoryTarget } from './memory-sampler';
import { openProductLog } from './product-log';
import { say } from './progress';
import { BenchResults, Figures, LOAD_STAGES, ratiosOf, renderTable, targetsOf } from './report';
import { runEndToEndStage } from './stages/end-to-end-stage';
import { runIntakeStage } from './stages/intake-stage';
import { runRebuildStage, waitUntilEveryReadModelCaughtUp } from './stages/rebuild-stage';

export const workspaceRoot = path.resolve(__dirname, '../../..');

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Tickets are numbered per stage so that their summaries tell the stages apart. */
const FIRST_TICKET = { intake: 0, endToEnd: 10_000_000, rebuild: 20_000_000 };

export interface BenchRun {
  results: BenchResults;
  table: string;
  /** Where the JSON was written. */
  files: string[];
}

/**
 * Provisions Kafka (unless the services run on the PostgreSQL log) and PostgreSQL, starts the
 * four services as processes, compiled, on a fresh topic or log schema and fresh schemas,
 * measures the raw limits and the stages side by side, and writes the results.
 */
export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const onKafka = options.log === 'kafka';
  say(
    onKafka
      ? 'provisioning Kafka and PostgreSQL (KAFKA_BROKERS and DATABASE_URL if set)...'
      : 'provisioning PostgreSQL, which holds the log too (DATABASE_URL if set)...',
  );
  const infrastructure = await provisionInfrastructure({ kafka: onKafka });
  say(
    (onKafka ? `Kafka ${infrastructure.brokers.join(',')} (${infrastructure.kafkaSource}), ` : '') +
      `PostgreSQL ${redactPassword(infrastructure.databaseUrl)} (${infrastructure.postgresSource})`,
  );
  const resultsPath = resultsFile(
    workspaceRoot,
    startedAt,
    process.env['BENCH_RESULTS_DIR'] || undefined,
  );
  const profilesDir = resultsPath.replace(/\.json$/, '-profiles');
  const product = new RunningProduct({
    eventLog: options.log,
    brokers: infrastructure.brokers.join(','),
    databaseUrl: infrastructure.databaseUrl,
    partitions: options.partitions,
    topicPrefix: 'bench-ticket-events',
    nodeArguments: options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profilesDir}`] : [],
  });
  const { runtime } = product;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      say(
        onKafka
          ? 'stopping the services, removing their schemas and topics...'
          : 'stopping the services, removing their schemas and their log...',
      );
      await product.stop();
      if (onKafka) {
        await deleteTopics(infrastructure.brokers, [
          product.topic,
          `${product.topic}.dead-letters`,
        ]);
      }
      await infrastructure.stop();
    })());
  // Ctrl-C leaves nothing behind either: no schema, no topic, no broker of ours.
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  STOP_SIGNALS.forEach((signal) => process.once(signal, onSignal));
  try {
    say(
      `starting the four services (${runtime === 'compiled' ? 'compiled, built first if stale' : 'from their sources'}) ` +
        (onKafka
          ? `on topic ${product.topic}...`
          : `on the PostgreSQL log ${product.logSchema}...`),
    );
    await product.start();
    const figures = await product.explainFailure(() =>
      measure(options, product, infrastructure, startedAt, loadAtStart),
    );
    const ratios = ratiosOf(figures);
    const results: BenchResults = { ...figures, ratios, targets: targetsOf(figures, ratios) };
    const files = [resultsPath, ...(options.out ? [options.out] : [])];
    for (const file of files) {
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    }
    // The profiles are written as the services exit, in the clean-up below.
    if (options.cpuProfile) files.push(`${profilesDir}/ (CPU profiles, one per service)`);
    return { results, table: renderTable(results), files };
  } finally {
    await cleanUp();
    STOP_SIGNALS.forEach((signal) => process.off(signal, onSignal));
  }
}

async function measure(
  options: BenchOptions,
  product: RunningProduct,
  infrastructure: Infrastructure,
  startedAt: Date,
  loadAtStart: number,
): Promise<Figures> {
  const bench = await prepareProduct(product);
  const onKafka = options.log === 'kafka';
  const memoryTargets: MemoryTarget[] = [
    ...SERVICE_NAMES.map((name) => ({
      name,
      kind: 'service' as const,
      pid: product.service(name).pid,
      heapLimitMiB: product.heapLimitOf(name),
      heapUsed: () => heapUsed(product.url(name, '/metrics')),
    })),
    ...(onKafka
      ? [
          {
            name: 'Kafka broker',
            kind: 'broker' as const,
            pid: infrastructure.brokerPid,
            unavailable: 'n/a: the broker is not a process on this machine',
          },
        ]
      : []),
    {
      name: 'PostgreSQL',
      kind: 'database' as const,
      pid: infrastructure.databasePid,
      unavailable: 'n/a: the database is not a process on this machine',
    },
  ];
  const sampler = new MemorySampler(memoryTargets, LOAD_STAGES);
  sampler.start();
  const cpuTargets: CpuTarget[] = [
    ...SERVICE_NAMES.map((name) => ({ name, pid: product.service(name).pid })),
    ...(onKafka ? [{ name: 'Kafka broker', pid: infrastructure.brokerPid }] : []),
    { name: 'PostgreSQL', pid: infrastructure.databasePid, tree: true },
  ];
  const productLog = await openProductLog(product, {
    brokers: infrastructure.brokers,
    databaseUrl: infrastructure.databaseUrl,
    partitions: options.partitions,
  });
  try {
    sampler.stage('log limit');
    const limitOptions = {
      partitions: options.partitions,
      events: options.limitEvents,
      rate: options.endToEnd.rate,
      seconds: options.endToEnd.seconds,
      category: bench.category,
      integratorId: bench.integratorId,
    };
    const log: LogLimitResult = onKafka
      ? await measureLogLimit({ ...limitOptions, brokers: infrastructure.brokers })
      : await measurePostgresLogLimit(infrastructure.databaseUrl, limitOptions);
    sampler.stage('intake');
    const cpu = new CpuMeter(cpuTargets);
    cpu.start();
    const intakeRun = await runIntakeStage(bench, options.intake, FIRST_TICKET.intake);
    // Until every read model has caught up: the tiers' share of the tickets counts too.
    await waitUntilEveryReadModelCaughtUp(bench);
    const intake = {
      ...intakeRun,
      cpuMsPerTicket: perTicket(cpu.stop(), intakeRun.acceptedInStage),
    };
    sampler.stage('database limit');
    const database = await measureDatabaseLimit(
      infrastructure.databaseUrl,
      product.schemaOf('triage'),
      options.limitEvents,
    );
    sampler.stage('end to end');
    const endToEnd = await runEndToEndStage(
      bench,
      infrastructure.databaseUrl,
      { ...options.endToEnd, catchUpTimeoutSeconds: 120 },
      FIRST_TICKET.endToEnd,
    );
    sampler.stage('rebuild');
    const rebuild = await runRebuildStage(
      bench,
      productLog,
      options.rebuildEvents,
      FIRST_TICKET.rebuild,
    );
    return {
      version: 2,
      serviceRuntime: product.runtime,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      parameters: options,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
        node: process.version,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
      },
      infrastructure: {
        kafka: infrastructure.brokers.join(','),
        kafkaSource: infrastructure.kafkaSource,
        postgres: redactPassword(infrastructure.databaseUrl),
        postgresSource: infrastructure.postgresSource,
      },
      limits: { log, database },
      intake,
      endToEnd,
      rebuild,
      memory: sampler.stop(),
    };
  } finally {
    sampler.stop();
    bench.http.close();
    await productLog.close();
  }
}

function perTicket(use: CpuUse, tickets: number): CpuUse {
  return Object.fromEntries(
    Object.entries(use).map(([name, ms]) => [
      name,
      ms === null || tickets === 0 ? null : Math.round((ms / tickets) * 100) / 100,
    ]),
  );
}

/** What V8 holds on the service's heap now: prom-client's nodejs_heap_size_used_bytes. */
async function heapUsed(metricsUrl: string): Promise<number | undefined> {
  const answer = await fetch(metricsUrl, { signal: AbortSignal.timeout(1_500) });
  if (!answer.ok) return undefined;
  return metricValue(parseMetrics(await answer.text()), 'nodejs_heap_size_used_bytes');
}

/** The bench's topics go with it: the broker may be shared. */
async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics });
  } catch {
    // Left behind on a broker that refuses deletion: harmless, the names are unique.
  } finally {
    await admin.disconnect();
  }
}
