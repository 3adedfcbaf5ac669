/**
 * A projection consumer in its own process, for the "killed between applying and committing"
 * contract test. When its batch holds the event named by PAUSE_AFTER_EVENT_ID, it lets the
 * batch write its rows and checkpoint, then, at the last step before the commit (recording the
 * batch's dead letters in the log), prints "applied-not-committed" and waits, transaction open,
 * for the SIGKILL the test sends.
 */
import 'reflect-metadata';
import { EventLog, ProjectionRunner } from '../../src';
import { connectDescribedLog } from './connect-described-log';
import { openReadModelDatabase } from './read-model-database';
import { TicketSummaryProjection } from './ticket-summary-projection';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env['CRASHING_CONSUMER'] ?? '{}');
  const dataSource = await openReadModelDatabase(settings.databaseUrl, settings.schema);
  let victimStaged = false;
  const projection = new TicketSummaryProjection(
    settings.projection,
    settings.schema,
    'doomed',
    (event) => {
      if (event.eventId === settings.pauseAfterEventId) victimStaged = true;
    },
  );
  const log: EventLog = connectDescribedLog(settings.log, 'doomed-consumer');
  const recordDeadLetters = log.deadLetter.bind(log);
  log.deadLetter = async (letters) => {
    if (victimStaged) {
      process.stdout.write('applied-not-committed\n');
      await new Promise(() => undefined);
    }
    await recordDeadLetters(letters);
  };
  const runner = new ProjectionRunner({ log, dataSource, schema: settings.schema, projection });
  await runner.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
