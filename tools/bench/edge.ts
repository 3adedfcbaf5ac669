import { BenchUsageError } from './src/bench-options';
import { edgeUsage, readEdgeOptions } from './src/edge/edge-options';
import { runEdgeBench } from './src/edge/run-edge-bench';
import { say } from './src/progress';

// `npm run bench:edge`: intake's POST /api/v1/tickets with no database behind it, on Express or
// Fastify, with class-validator or zod, and with each middleware of the product's edge (ADR 19).
// Progress on stderr, the table on stdout.
async function main(): Promise<number> {
  let options;
  try {
    options = readEdgeOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${edgeUsage()}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${edgeUsage()}\n`);
    return 0;
  }
  try {
    const { table, files } = await runEdgeBench(options);
    process.stdout.write(`${table}\n`);
    say(`results: ${files.join(', ')}`);
    return 0;
  } catch (error) {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
