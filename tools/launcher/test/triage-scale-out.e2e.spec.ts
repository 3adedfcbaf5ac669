import { waitFor } from '@helpdesk/testing';
import { ChildExit } from '../src/child-exit';
import { call } from './support/http-client';
import {
  entryOf,
  expectConsistent,
  historiesOf,
  readDeadLetters,
  timelinesOf,
} from './support/consistency';
import { ConsumerGroup, describeConsumerGroup } from './support/consumer-group';
import { ProjectionCounts, countsOf } from './support/health';
import { Integrator } from './support/integrator';
import { RunningProduct, urlOf } from '../src/running-product';
import { technicianToken } from './support/technicians';
import { endOffsets, readTopic } from './support/topic-reader';
import { requiredEnv } from './support/required-env';

const PARTITIONS = 6;
const TICKETS = 300;
const CONCURRENCY = 10;
/** The doomed instance is killed once a third of the tickets are accepted... */
const KILL_AT = TICKETS / 3;
/** ...and submitting waits for the kill here if it is not done yet: a third comes after it. */
const LATEST_KILL_AT = (2 * TICKETS) / 3;
const PROJECTION = 'triage.read-model.v1';
const ALL_PARTITIONS = Array.from({ length: PARTITIONS }, (_, partition) => partition);

/**
 * Level 1 scaled out: two triage processes share one schema and one consumer group on a real
 * Kafka topic, beside the other services. One of them is killed outright in the middle of a
 * stream of tickets; the other must take over its partitions, and the level-1 read model must
 * hold every ticket, each event applied exactly once.
 */
describe('level 1 on two triage instances, one of them killed mid-stream', () => {
  const brokers = requiredEnv('KAFKA_BROKERS');
  const product = new RunningProduct({
    brokers,
    databaseUrl: requiredEnv('DATABASE_URL'),
    partitions: PARTITIONS,
    instances: { triage: 2 },
  });
  const group = product.consumerGroupOf(PROJECTION);
  const schema = product.schemaOf('triage');
  let integrator: Integrator;

  beforeAll(async () => {
    await product.start(180_000);
    integrator = await Integrator.register(product, 'Scale-out load');
  }, 200_000);

  afterAll(() => product.stop(), 60_000);

  it('puts every ticket in the level 1 queue exactly once when a triage instance is SIGKILLed mid-stream, the survivor taking over its partitions', async () => {
    const [doomed, survivor] = product.instances('triage');
    if (!doomed || !survivor) throw new Error('two triage instances should be running');
    const l1 = await technicianToken(product, { id: 'l1-ada', level: 'L1' });

    // Before the stream: the group has both instances, each holding some of the partitions.
    const shared = await groupWhen(
      (described) =>
        described.members.length === 2 &&
        described.members.every((member) => member.partitions.length > 0),
      'the group to spread the partitions over both triage instances',
    );
    expect(shared.members.flatMap((member) => member.partitions).sort((a, b) => a - b)).toEqual(
      ALL_PARTITIONS,
    );

    // The stream: TICKETS submissions, CONCURRENCY at a time, with the kill in the middle.
    const accepted: string[] = [];
    let next = 0;
    let kill: Promise<KillRecord> | undefined;
    const submitAll = async (): Promise<void> => {
      for (let index = next++; index < TICKETS; index = next++) {
        if (index >= LATEST_KILL_AT && kill) await kill;
        accepted.push(await integrator.submit(index));
        if (accepted.length === KILL_AT) {
          kill = killMidStream();
          // Awaited below; until then a failure must not count as unhandled.
          kill.catch(() => undefined);
        }
      }
    };
    const killMidStream = async (): Promise<KillRecord> => {
      // Both instances are consuming: each has applied some of the stream so far.
      let last: ProjectionCounts | undefined;
      await waitFor(
        async () => {
          const [doomedCounts, survivorCounts] = await Promise.all([
            countsOf(doomed),
            countsOf(survivor),
          ]);
          last = doomedCounts;
          return doomedCounts.applied > 0 && survivorCounts.applied > 0;
        },
        { description: 'both triage instances to apply events', timeoutMs: 60_000 },
      );
      const exit = await product.kill(doomed);
      const acceptedBefore = accepted.length;
      return { lastCounts: last!, exit, acceptedBefore, checkpoints: await checkpointsNow() };
    };
    await product.explainFailure(() => Promise.all(Array.from({ length: CONCURRENCY }, submitAll)));
    if (!kill) throw new Error(`the kill was never triggered (${accepted.length} accepted)`);
    const killed = await product.explainFailure(() => kill!);
    expect(killed.exit.signal).toBe('SIGKILL');
    expect(accepted).toHaveLength(TICKETS);
    expect(new Set(accepted).size).toBe(TICKETS);
    // Mid-stream: a third of the tickets or more came after the kill.
    expect(killed.acceptedBefore).toBeGreaterThanOrEqual(KILL_AT);
    expect(killed.acceptedBefore).toBeLessThanOrEqual(LATEST_KILL_AT + CONCURRENCY);

    // The broker ends the dead member's session; the survivor then holds every partition.
    const takenOver = await groupWhen(
      (described) =>
        described.members.length === 1 && described.members[0]!.partitions.length === PARTITIONS,
      'the survivor to hold every partition',
    );
    expect(takenOver.members[0]!.partitions).toEqual(ALL_PARTITIONS);

    // Every ticket reaches the level-1 queue, read through the survivor's API, and the
    // survivor has caught up with the log once intake has published all it stored.
    const { queued } = await eventually(
      `the ${TICKETS} tickets in the level 1 queue, intake's outbox published, the survivor caught up`,
      async () => {
        const unpublished = await product.query(
          async (client) =>
            (
              await client.query<{ count: number }>(
                `SELECT count(*)::int AS count FROM ${product.schemaOf('intake')}.outbox
                 WHERE published_at IS NULL`,
              )
            ).rows[0]!.count,
        );
        const queue = await call<{ items: { ticketId: string }[] }>(
          'GET',
          urlOf(survivor, '/api/v1/queue?limit=500'),
          { token: l1 },
        );
        return {
          unpublished,
          queued: queue.status === 200 ? queue.body.items.map((item) => item.ticketId) : [],
          behind: (await countsOf(survivor)).behind,
        };
      },
      (seen) => seen.unpublished === 0 && seen.queued.length >= TICKETS && seen.behind === 0,
      (seen) =>
        `${seen.queued.length} tickets queued, ${seen.unpublished} events in intake's outbox, ` +
        `the survivor ${seen.behind} positions behind`,
    );
    expect([...queued].sort()).toEqual([...accepted].sort());

    // Exactly once, checked against the log itself.
    const events = await readTopic(brokers, product.topic);
    const ends = await endOffsets(brokers, product.topic);
    const histories = historiesOf(events);
    const distinctEvents = [...histories.values()].reduce(
      (sum, history) => sum + history.length,
      0,
    );
    // The log holds what intake stored, no more, no less.
    const stored = await product.query(
      async (client) =>
        (
          await client.query<{ ticket_id: string; sequence: number; type: string }>(
            `SELECT ticket_id, sequence, event->>'type' AS type FROM ${product.schemaOf('intake')}.outbox
             ORDER BY ticket_id, sequence`,
          )
        ).rows,
    );
    expect(timelinesOf(stored)).toEqual(
      new Map([...histories].map(([ticketId, history]) => [ticketId, history.map(entryOf)])),
    );

    // Every ticket in every service's read model (level 1's queue included), its timeline the
    // events on the log, sequence 1..n, no gap, none twice, the per-ticket versions at n.
    await expectConsistent(product, { brokers, tickets: accepted, noOtherTickets: true });
    // Every partition was read to its end, and each moved on after the kill: the survivor
    // applied on the partitions the killed instance held.
    const checkpoints = await checkpointsNow();
    expect(ALL_PARTITIONS.map((partition) => checkpoints.get(partition))).toEqual(
      ALL_PARTITIONS.map((partition) => ends.get(partition)),
    );
    expect(
      ALL_PARTITIONS.filter(
        (partition) =>
          (checkpoints.get(partition) ?? 0) <= (killed.checkpoints.get(partition) ?? 0),
      ),
    ).toEqual([]);

    // No event applied twice or dead-lettered: what both instances applied adds up to at most
    // the events on the log (the killed one's count is its last word before the kill).
    const survivorCounts = await countsOf(survivor);
    const deadLetters = (await readDeadLetters(brokers, product.topic)).filter(
      (letter) => letter.groupId === PROJECTION,
    );
    expect({
      deadLetters: deadLetters.map((letter) => letter.reason),
      deadLettered: survivorCounts.deadLettered + killed.lastCounts.deadLettered,
      appliedAtMostOnce:
        survivorCounts.applied + killed.lastCounts.applied <= distinctEvents ||
        `the survivor applied ${survivorCounts.applied} and the killed instance at least ` +
          `${killed.lastCounts.applied}, of ${distinctEvents} distinct events on the log`,
    }).toEqual({ deadLetters: [], deadLettered: 0, appliedAtMostOnce: true });
  }, 360_000);

  function groupWhen(
    satisfied: (group: ConsumerGroup) => boolean,
    description: string,
  ): Promise<ConsumerGroup> {
    return eventually(
      description,
      () => describeConsumerGroup(brokers, group, product.topic),
      (described) => described.state === 'Stable' && satisfied(described),
    );
  }

  /** Waits until `read` gives what `done` wants; a timeout tells the last thing it gave. */
  async function eventually<T>(
    description: string,
    read: () => Promise<T>,
    done: (value: T) => boolean,
    show: (value: T) => string = (value) => JSON.stringify(value),
  ): Promise<T> {
    let last: T | undefined;
    await product.explainFailure(async () => {
      try {
        await waitFor(
          async () => {
            last = await read();
            return done(last);
          },
          { description, timeoutMs: 120_000, intervalMs: 500 },
        );
      } catch (error) {
        if (error instanceof Error && last !== undefined)
          error.message += `; last seen: ${show(last)}`;
        throw error;
      }
    });
    return last!;
  }

  async function checkpointsNow(): Promise<Map<number, number>> {
    const { rows } = await product.query((client) =>
      client.query<{ partition: number; next_position: string }>(
        `SELECT partition, next_position FROM ${schema}.projection_checkpoints
         WHERE projection = $1 AND next_position IS NOT NULL`,
        [PROJECTION],
      ),
    );
    return new Map(rows.map((row) => [row.partition, Number(row.next_position)]));
  }
});

interface KillRecord {
  /** The killed instance's projection counts, read just before the kill. */
  lastCounts: ProjectionCounts;
  exit: ChildExit;
  acceptedBefore: number;
  /** The projection's checkpoints just after the kill. */
  checkpoints: Map<number, number>;
}
