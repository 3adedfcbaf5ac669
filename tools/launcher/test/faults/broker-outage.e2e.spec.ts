import {
  LocalKafka,
  RestartableKafka,
  restartableKafka,
  startLocalKafka,
  waitFor,
} from '@helpdesk/testing';
import { RunningProduct } from '../../src/running-product';
import { expectConsistent } from '../support/consistency';
import { readinessOf } from '../support/health';
import { Integrator } from '../support/integrator';
import { TicketLoad } from '../support/ticket-load';
import { requiredEnv } from '../support/required-env';

/**
 * The broker goes away under load: a broker of the test's own (from the Kafka jars), stopped
 * and started again on its port and data while integrators keep submitting tickets. Intake
 * answers on its own database (the outbox); nothing it accepted may be lost.
 */
describe('the Kafka broker stopped while tickets keep coming', () => {
  const databaseUrl = requiredEnv('DATABASE_URL');
  let kafka: LocalKafka | undefined;
  let broker: RestartableKafka;
  let brokers: string;
  let product: RunningProduct | undefined;
  let integrator: Integrator;

  beforeAll(async () => {
    kafka = await startLocalKafka();
    broker = restartableKafka(kafka.controlFile);
    brokers = kafka.brokers.join(',');
    product = new RunningProduct({ brokers, databaseUrl });
    await product.start();
    integrator = await Integrator.register(product, 'Load through a broker outage');
  }, 240_000);

  afterAll(async () => {
    await product?.stop();
    await kafka?.stop();
  }, 60_000);

  it('keeps accepting tickets while the broker is down, holds their events in the outbox, and delivers every one once it is back', async () => {
    const running = product!;
    const concurrency = 2;
    const load = new TicketLoad(integrator, { concurrency, pauseMs: 200 });
    try {
      await load.acceptedMore(15);

      await broker.stop();
      // Submissions in flight as it stopped may have been stored, and published, before.
      const downFrom = load.accepted.length + concurrency;
      // Down long enough for every service to give up on the log for now (its producer's and
      // admin client's retries run out) and say so on /health/ready.
      await running.ofEveryService((service) =>
        waitFor(async () => (await readinessOf(service)).eventLog === 'down', {
          description: `${running.labelOf(service)} to report the log down`,
          timeoutMs: 90_000,
          intervalMs: 500,
        }),
      );
      const whileDown = await Promise.all(running.instances().map(readinessOf));
      await load.acceptedMore(30);
      const acceptedWhileDown = load.accepted.slice(downFrom);
      // Still down: none of the tickets submitted since can have left intake's outbox.
      const heldInOutbox = await running.query(
        async (client) =>
          (
            await client.query<{ ticket_id: string }>(
              `SELECT DISTINCT ticket_id FROM ${running.schemaOf('intake')}.outbox
               WHERE published_at IS NULL AND ticket_id = ANY($1::uuid[])`,
              [acceptedWhileDown],
            )
          ).rows,
      );
      await broker.start();

      await load.acceptedMore(15);
      await load.stop();
      expect(whileDown.map(({ status, eventLog }) => ({ status, eventLog }))).toEqual(
        running.instances().map(() => ({ status: 503, eventLog: 'down' })),
      );
      expect(heldInOutbox.map((row) => row.ticket_id).sort()).toEqual(
        [...acceptedWhileDown].sort(),
      );
    } finally {
      await load.stop().catch(() => undefined);
    }
    // Every submission answered 201 at the first attempt, the broker up or down.
    expect(load.failures).toEqual([]);
    await expectConsistent(running, {
      brokers,
      tickets: load.accepted,
      noOtherTickets: true,
    });
  }, 300_000);
});
