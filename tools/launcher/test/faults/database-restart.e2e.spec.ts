import { randomUUID } from 'node:crypto';
import { aTicketHistory, waitFor } from '@helpdesk/testing';
import { RunningProduct } from '../../src/running-product';
import { SERVICE_NAMES } from '../../src/services';
import { expectConsistent, projectionOf } from '../support/consistency';
import { describeConsumerGroup } from '../support/consumer-group';
import { readinessOf } from '../support/health';
import { Integrator } from '../support/integrator';
import { RestartablePostgres } from '../support/restartable-postgres';
import { TicketLoad } from '../support/ticket-load';
import { messageOf, produce } from '../support/topic-writer';
import { requiredEnv } from '../support/required-env';

/**
 * PostgreSQL restarts under the services (maintenance, a failover): a server of the test's own,
 * stopped and started again on its port and data while integrators keep submitting tickets, and
 * while events keep arriving on the log from producers that do not depend on it. The services
 * must say they are not ready, then recover by themselves, losing nothing accepted.
 */
describe('PostgreSQL restarted while tickets keep coming', () => {
  const brokers = requiredEnv('KAFKA_BROKERS');
  let postgres: RestartablePostgres | undefined;
  let product: RunningProduct | undefined;
  let integrator: Integrator;

  beforeAll(async () => {
    postgres = await RestartablePostgres.start();
    product = new RunningProduct({ brokers, databaseUrl: postgres.url });
    await product.start();
    integrator = await Integrator.register(product, 'Load through a database restart');
  }, 240_000);

  afterAll(async () => {
    await product?.stop();
    await postgres?.remove();
  }, 60_000);

  it('turns every service unready while PostgreSQL is down, ready again by itself once it is back, and loses no accepted ticket', async () => {
    const running = product!;
    const services = running.instances();
    const groups = SERVICE_NAMES.map((name) => running.consumerGroupOf(projectionOf(name)));
    const membersOf = async (group: string) => describeConsumerGroup(brokers, group, running.topic);
    const membersBefore = await Promise.all(groups.map(membersOf));
    // Tickets whose events reach the log during the outage.
    const arriving = Array.from({ length: 6 }, () => aTicketHistory(randomUUID(), 2));
    const load = new TicketLoad(integrator, { concurrency: 3, pauseMs: 100 });
    try {
      await load.acceptedMore(15);

      await postgres!.stop();
      await running.ofEveryService((service) =>
        waitFor(async () => (await readinessOf(service)).status === 503, {
          description: `${running.labelOf(service)} to answer /health/ready with 503`,
          timeoutMs: 30_000,
          intervalMs: 250,
        }),
      );
      const whileDown = await Promise.all(services.map(readinessOf));
      // Every projection meets the outage with a batch in hand: kafkajs gives up retrying it,
      // and its consumer joins the group again while the checkpoints cannot be read.
      await produce(
        brokers,
        running.topic,
        arriving.flat().map((event) => messageOf(event)),
      );
      await waitFor(
        async () =>
          (await Promise.all(groups.map(membersOf))).every(
            (group, index) =>
              group.state === 'Stable' &&
              group.members.length === 1 &&
              group.members[0]!.memberId !== membersBefore[index]!.members[0]?.memberId,
          ),
        {
          description: 'every projection to join its group again while PostgreSQL is down',
          timeoutMs: 90_000,
          intervalMs: 500,
        },
      );
      await postgres!.restart();

      await running.ofEveryService((service) =>
        waitFor(async () => (await readinessOf(service)).status === 200, {
          description: `${running.labelOf(service)} to be ready again by itself`,
          timeoutMs: 90_000,
          intervalMs: 250,
        }),
      );
      await load.acceptedMore(15);
      await load.stop();

      // Not ready while the database was down, saying so.
      expect(whileDown.map(({ status, database }) => ({ status, database }))).toEqual(
        services.map(() => ({ status: 503, database: 'down' })),
      );
    } finally {
      await load.stop().catch(() => undefined);
    }
    // The same processes, none restarted.
    expect(running.instances()).toEqual(services);
    // The outage was felt: submissions failed meanwhile, and were retried under the same key.
    expect(load.failures.length).toBeGreaterThan(0);
    await expectConsistent(running, {
      brokers,
      tickets: [...load.accepted, ...arriving.map(([submitted]) => submitted!.ticketId)],
      noOtherTickets: true,
    });
  }, 300_000);
});
