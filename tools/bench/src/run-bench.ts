import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RunningProduct, SERVICE_NAMES } from '@helpdesk/launcher';
import { BenchOptions, resultsFile } from './bench-options';
import { prepareProduct } from './bench-product';
import { provisionInfrastructure, redactPassword } from './infrastructure';
import { measureDatabaseLimit } from './limits/database-limit';
import { measureLogLimit } from './limits/log-limit';
import { CpuMeter, CpuTarget, CpuUse } from './cpu-meter';
import { MemorySampler } from './memory-sampler';
import { say } from './progress';
import { BenchResults, Figures, ratiosOf, renderTable, targetsOf } from './report';
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
 * Provisions Kafka and PostgreSQL, starts the four services as processes on a fresh topic and
 * schemas, measures the raw limits and the stages side by side, and writes the results.
 */
export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  say('provisioning Kafka and PostgreSQL (KAFKA_BROKERS and DATABASE_URL if set)...');
  const infrastructure = await provisionInfrastructure();
  say(
    `Kafka ${infrastructure.brokers.join(',')} (${infrastructure.kafkaSource}), ` +
      `PostgreSQL ${redactPassword(infrastructure.databaseUrl)} (${infrastructure.postgresSource})`,
  );
  const resultsPath = resultsFile(
    workspaceRoot,
    startedAt,
    process.env['BENCH_RESULTS_DIR'] || undefined,
  );
  const profilesDir = resultsPath.replace(/\.json$/, '-profiles');
  const product = new RunningProduct({
    brokers: infrastructure.brokers.join(','),
    databaseUrl: infrastructure.databaseUrl,
    partitions: options.partitions,
    topicPrefix: 'bench-ticket-events',
    nodeArguments: options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profilesDir}`] : [],
  });
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      say('stopping the services, removing their schemas and topics...');
      await product.stop();
      await deleteTopics(infrastructure.brokers, [product.topic, `${product.topic}.dead-letters`]);
      await infrastructure.stop();
    })());
  // Ctrl-C leaves nothing behind either: no schema, no topic, no broker of ours.
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  STOP_SIGNALS.forEach((signal) => process.once(signal, onSignal));
  try {
    say(`starting the four services on topic ${product.topic}...`);
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
  infrastructure: Awaited<ReturnType<typeof provisionInfrastructure>>,
  startedAt: Date,
  loadAtStart: number,
): Promise<Figures> {
  const bench = await prepareProduct(product);
  const sampler = new MemorySampler([
    ...SERVICE_NAMES.map((name) => ({
      name,
      kind: 'service' as const,
      pid: product.service(name).pid,
    })),
    {
      name: 'Kafka broker',
      kind: 'broker' as const,
      pid: infrastructure.brokerPid,
      unavailable: 'n/a: the broker is not a process on this machine',
    },
    {
      name: 'PostgreSQL',
      kind: 'database' as const,
      pid: infrastructure.databasePid,
      unavailable: 'n/a: the database is not a process on this machine',
    },
  ]);
  sampler.start();
  const cpuTargets: CpuTarget[] = [
    ...SERVICE_NAMES.map((name) => ({ name, pid: product.service(name).pid })),
    { name: 'Kafka broker', pid: infrastructure.brokerPid },
    { name: 'PostgreSQL', pid: infrastructure.databasePid, tree: true },
  ];
  try {
    sampler.stage('log limit');
    const log = await measureLogLimit({
      brokers: infrastructure.brokers,
      partitions: options.partitions,
      events: options.limitEvents,
      rate: options.endToEnd.rate,
      seconds: options.endToEnd.seconds,
      category: bench.category,
      integratorId: bench.integratorId,
    });
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
      infrastructure.brokers,
      options.rebuildEvents,
      FIRST_TICKET.rebuild,
    );
    return {
      version: 1,
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
