import { BenchUsageError, readBenchOptions, usage } from './src/bench-options';
import { say } from './src/progress';
import { runBench } from './src/run-bench';

// `npm run bench`: the product's throughput, latency, rebuild speed and memory beside the raw
// limits of Kafka and PostgreSQL on this machine. Progress on stderr, the table on stdout.
async function main(): Promise<number> {
  let options;
  try {
    options = readBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage()}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  try {
    const { table, files } = await runBench(options);
    process.stdout.write(`${table}\n`);
    say(`results: ${files.join(', ')}`);
    return 0;
  } catch (error) {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
