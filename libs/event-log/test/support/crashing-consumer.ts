/**
 * A projection consumer in its own process, for the "killed between applying and committing"
 * contract test. It applies events until it reaches the event named by PAUSE_AFTER_EVENT_ID,
 * writes that event's rows, prints "applied-not-committed" and waits, transaction open, for
 * the SIGKILL the test sends.
 */
import 'reflect-metadata';
import { ProjectionRunner } from '../../src';
import { connectDescribedLog } from './connect-described-log';
import { openReadModelDatabase } from './read-model-database';
import { TicketSummaryProjection } from './ticket-summary-projection';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env['CRASHING_CONSUMER'] ?? '{}');
  const dataSource = await openReadModelDatabase(settings.databaseUrl, settings.schema);
  const projection = new TicketSummaryProjection(
    settings.projection,
    settings.schema,
    'doomed',
    async (event) => {
      if (event.eventId !== settings.pauseAfterEventId) return;
      process.stdout.write('applied-not-committed\n');
      await new Promise(() => undefined);
    },
  );
  const runner = new ProjectionRunner({
    log: connectDescribedLog(settings.log, 'doomed-consumer'),
    dataSource,
    schema: settings.schema,
    projection,
  });
  await runner.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
