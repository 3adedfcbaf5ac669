import { startEdgeApp } from './edge-apps';
import { edgeVariant } from './edge-variants';

/** Parent to server. */
export type ToEdgeServer = { type: 'cpu' } | { type: 'stop' };

/** Server to parent. */
export type FromEdgeServer =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; userMicros: number; systemMicros: number }
  | { type: 'failed'; message: string };

// A server process of the edge bench, forked once per variant and round by run-edge-bench.ts:
// its CPU is its own, apart from the load generator's, and no variant warms up code (V8's
// inline caches, Nest's and class-validator's metadata) for another. The argument: the
// variant's id; EDGE_BENCH_API_KEY: the integrator key its guard accepts.
async function main(): Promise<void> {
  const id = process.argv[2];
  const apiKey = process.env['EDGE_BENCH_API_KEY'];
  if (id === undefined || !apiKey)
    throw new Error('usage: edge-server <variant>, with EDGE_BENCH_API_KEY');
  const app = await startEdgeApp(edgeVariant(id), apiKey);
  const send = (message: FromEdgeServer) => process.send?.(message);
  process.on('message', (message: ToEdgeServer) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', userMicros: user, systemMicros: system });
    } else {
      void app.close().finally(() => process.exit(0));
    }
  });
  // The parent gone, nothing else would end this process.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: app.port });
}

main().catch((error: unknown) => {
  process.send?.({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies FromEdgeServer);
  process.exit(1);
});
