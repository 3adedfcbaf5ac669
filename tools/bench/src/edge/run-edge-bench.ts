import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resultsFile } from '../bench-options';
import { ticketRequest } from '../payloads';
import { formatNumber, say } from '../progress';
import { BENCH_CATEGORY, runChecks } from './edge-checks';
import { EdgeOptions } from './edge-options';
import { EdgeCheck, EdgeResults, EdgeRound, renderEdgeTable, summarize } from './edge-report';
import { FromEdgeServer, ToEdgeServer } from './edge-server';
import { edgeVariant } from './edge-variants';
import { newIntegratorSecret } from './product-edge';
import { driveLoad, postRequest } from './raw-load';

const workspaceRoot = path.resolve(__dirname, '../../../..');

/** Distinct bodies the load cycles through (sizes and levels vary as the bench's do). */
const DISTINCT_REQUESTS = 1_024;

export interface EdgeRun {
  results: EdgeResults;
  table: string;
  files: string[];
}

/**
 * Runs every variant `rounds` times, round after round (so that the machine's other work
 * spreads over all of them), each time in a fresh server process: the checks (first round),
 * the warm-up, then the measured requests with the server's CPU read before and after.
 */
export async function runEdgeBench(options: EdgeOptions): Promise<EdgeRun> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const { key } = newIntegratorSecret();
  const requests = Array.from({ length: DISTINCT_REQUESTS }, (_, n) =>
    postRequest('/api/v1/tickets', ticketRequest(n, BENCH_CATEGORY), {
      'X-Api-Key': key,
      'Idempotency-Key': randomUUID(),
    }),
  );
  const rounds: EdgeRound[] = [];
  const checks: Record<string, EdgeCheck[]> = {};
  for (let round = 1; round <= options.rounds; round++) {
    for (const id of options.variants) {
      const server = await EdgeServer.start(id, key);
      try {
        if (round === 1 && edgeVariant(id).validator !== 'none') {
          checks[id] = await runChecks(server.port, key);
        }
        const load = { port: server.port, requests, concurrency: options.concurrency };
        await driveLoad({ ...load, total: options.warmup });
        const before = await server.cpuMs();
        const run = await driveLoad({ ...load, total: options.requests });
        const serverCpuMs = (await server.cpuMs()) - before;
        const figure: EdgeRound = {
          variant: id,
          round,
          requests: options.requests,
          seconds: run.seconds,
          requestsPerSecond: options.requests / run.seconds,
          latencyMs: run.latencyMs,
          serverCpuMsPerRequest: serverCpuMs / options.requests,
          loadCpuMsPerRequest: run.cpuMs / options.requests,
          statuses: run.statuses,
        };
        rounds.push(figure);
        say(
          `edge round ${round}/${options.rounds} ${id}: ${formatNumber(figure.requestsPerSecond)} req/s, ` +
            `p99 ${formatNumber(run.latencyMs.p99, 2)} ms, server ${formatNumber(figure.serverCpuMsPerRequest, 3)} ms CPU a request`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  const cpus = os.cpus();
  const results: EdgeResults = {
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    parameters: options,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      node: process.version,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    },
    figures: summarize(rounds),
    rounds,
    checks,
  };
  const resultsPath = resultsFile(
    workspaceRoot,
    startedAt,
    process.env['BENCH_RESULTS_DIR'] || undefined,
  ).replace(/\.json$/, '-edge.json');
  const files = [resultsPath, ...(options.out ? [options.out] : [])];
  for (const file of files) {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  }
  return { results, table: renderEdgeTable(results), files };
}

/** A forked edge-server.ts: one variant on an ephemeral port, its CPU read over IPC. */
class EdgeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(variant: string, apiKey: string): Promise<EdgeServer> {
    // The same -r hooks as this process (TypeScript through @swc-node/register); its output
    // goes to stderr, which carries the progress, so that stdout keeps only the table.
    const child = fork(path.join(__dirname, 'edge-server.ts'), [variant], {
      env: { ...process.env, EDGE_BENCH_API_KEY: apiKey },
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    const ready = await nextMessage(child, 'ready');
    return new EdgeServer(child, ready.port);
  }

  async cpuMs(): Promise<number> {
    const answer = nextMessage(this.child, 'cpu');
    this.child.send({ type: 'cpu' } satisfies ToEdgeServer);
    const { userMicros, systemMicros } = await answer;
    return (userMicros + systemMicros) / 1000;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ToEdgeServer);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function nextMessage<Kind extends FromEdgeServer['type']>(
  child: ChildProcess,
  kind: Kind,
): Promise<Extract<FromEdgeServer, { type: Kind }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromEdgeServer) => {
      if (message.type === 'failed') {
        done();
        reject(new Error(`the edge server failed: ${message.message}`));
      } else if (message.type === kind) {
        done();
        resolve(message as Extract<FromEdgeServer, { type: Kind }>);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the edge server exited (${code}) before its "${kind}" message`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
