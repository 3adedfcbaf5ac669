import { Client } from 'pg';
import { DeadLetter, KafkaEventLog } from '@helpdesk/event-log';
import { waitFor } from '@helpdesk/testing';
import { RunningProduct, urlOf } from '../../src/running-product';
import { SERVICE_NAMES, ServiceName } from '../../src/services';
import { LoggedEvent, readTopic } from './topic-reader';

/** Where each service keeps every ticket it has seen and, the tiers, every event of each. */
const READ_MODELS: Readonly<Record<ServiceName, { tickets: string; timeline?: string }>> = {
  intake: { tickets: 'requester_tickets' },
  triage: { tickets: 'level1_queue', timeline: 'ticket_timeline' },
  'back-office': { tickets: 'level2_tickets', timeline: 'level2_timeline' },
  specialist: { tickets: 'level3_tickets', timeline: 'level3_timeline' },
};

/** The projection (and consumer group, on Kafka qualified by the topic) of a service. */
export function projectionOf(name: ServiceName): string {
  return `${name}.read-model.v1`;
}

/** Each ticket's distinct events in sequence order (a re-delivered event shows once). */
export function historiesOf(events: readonly LoggedEvent[]): Map<string, LoggedEvent[]> {
  const histories = new Map<string, LoggedEvent[]>();
  for (const event of events) {
    const history = histories.get(event.ticketId) ?? [];
    if (!history.some((seen) => seen.sequence === event.sequence)) history.push(event);
    histories.set(event.ticketId, history);
  }
  for (const history of histories.values()) history.sort((a, b) => a.sequence - b.sequence);
  return histories;
}

/** Rows of a timeline (or of an outbox), as `sequence type` lines per ticket. */
export function timelinesOf(
  rows: readonly { ticket_id: string; sequence: number; type: string }[],
): Map<string, string[]> {
  const timelines = new Map<string, string[]>();
  for (const row of rows) {
    timelines.set(row.ticket_id, [...(timelines.get(row.ticket_id) ?? []), entryOf(row)]);
  }
  return timelines;
}

export function entryOf({ sequence, type }: { sequence: number; type: string }): string {
  return `${sequence} ${type}`;
}

/** The log's dead letters (`<topic>.dead-letters`), every projection's. */
export async function readDeadLetters(brokers: string, topic: string): Promise<DeadLetter[]> {
  const log = new KafkaEventLog({
    brokers: brokers.split(','),
    clientId: 'launcher-e2e',
    topic,
    partitions: 1, // only used to create the topic, which exists
    replicationFactor: 1,
  });
  try {
    return await log.readDeadLetters();
  } finally {
    await log.close();
  }
}

/**
 * Waits until the product is at rest: every service's outbox published, every running instance
 * ready (its database and the log reachable, its projection at the end of the log).
 */
export async function untilSettled(product: RunningProduct, timeoutMs = 120_000): Promise<void> {
  let last = '';
  await product.explainFailure(() =>
    waitFor(
      async () => {
        const unpublished = await product.query(async (client) => {
          const counts: string[] = [];
          for (const name of SERVICE_NAMES) {
            const { rows } = await client.query<{ count: number }>(
              `SELECT count(*)::int AS count FROM ${product.schemaOf(name)}.outbox
               WHERE published_at IS NULL`,
            );
            counts.push(`${name} ${rows[0]!.count}`);
          }
          return counts;
        });
        const readiness = await Promise.all(
          product.instances().map(async (service) => {
            const answer = await fetch(urlOf(service, '/health/ready')).catch(() => undefined);
            return `${product.labelOf(service)} ${answer?.status ?? 'no answer'}`;
          }),
        );
        last = `unpublished: ${unpublished.join(', ')}; /health/ready: ${readiness.join(', ')}`;
        return (
          unpublished.every((line) => line.endsWith(' 0')) &&
          readiness.every((line) => line.endsWith(' 200'))
        );
      },
      {
        description: 'every outbox published and every instance ready',
        timeoutMs,
        intervalMs: 250,
      },
    ).catch((error: unknown) => {
      if (error instanceof Error) error.message += `; last seen: ${last}`;
      throw error;
    }),
  );
}

export interface ConsistencyCheck {
  brokers: string;
  /** The tickets that must be everywhere: every one intake accepted (or the test put whole on the log). */
  tickets: readonly string[];
  /** The log holds these tickets and no other. */
  noOtherTickets?: boolean;
}

/**
 * The full consistency check, once the product is at rest: each ticket's events on the log
 * numbered 1..n (a copy of one is the same event), every event a service stored in its outbox
 * on the log, and in every service each ticket in its read model, its timeline the events on
 * the log, its lifecycle and its projection's per-ticket version at n, no dead letter of it left.
 */
export async function expectConsistent(
  product: RunningProduct,
  { brokers, tickets, noOtherTickets = false }: ConsistencyCheck,
): Promise<void> {
  await untilSettled(product);
  const ids = [...new Set(tickets)].sort();
  const wanted = new Set(ids);
  const events = await readTopic(brokers, product.topic);
  const histories = historiesOf(events);

  // The log: every ticket there, its sequence 1..n, and two copies of a number one event.
  const eventIdsOf = new Map<string, Set<string>>();
  for (const event of events.filter((logged) => wanted.has(logged.ticketId))) {
    const key = `${event.ticketId} ${event.sequence}`;
    eventIdsOf.set(key, (eventIdsOf.get(key) ?? new Set()).add(event.eventId));
  }
  expect({
    missing: ids.filter((id) => !histories.has(id)),
    gaps: ids.filter((id) =>
      (histories.get(id) ?? []).some((event, index) => event.sequence !== index + 1),
    ),
    twoEventsUnderOneNumber: [...eventIdsOf].filter(([, set]) => set.size > 1).map(([key]) => key),
    ...(noOtherTickets && { others: [...histories.keys()].filter((id) => !wanted.has(id)) }),
  }).toEqual({
    missing: [],
    gaps: [],
    twoEventsUnderOneNumber: [],
    ...(noOtherTickets && { others: [] }),
  });

  const lengthOf = new Map(ids.map((id) => [id, histories.get(id)!.length]));
  const timelineOf = new Map(ids.map((id) => [id, histories.get(id)!.map(entryOf)]));
  const onTheLog = new Set(events.map((event) => event.eventId));
  await product.query(async (client) => {
    for (const name of SERVICE_NAMES) {
      const { stored, ...readModel } = await readModelOf(client, product.schemaOf(name), name, ids);
      expect({
        service: name,
        ...readModel,
        storedButNotOnTheLog: stored.filter((eventId) => !onTheLog.has(eventId)),
      }).toEqual({
        service: name,
        tickets: ids,
        lifecycle: lengthOf,
        versions: lengthOf,
        ...(readModel.timeline && { timeline: timelineOf }),
        deadLetters: [],
        storedButNotOnTheLog: [],
      });
    }
  });
}

async function readModelOf(client: Client, schema: string, name: ServiceName, ids: string[]) {
  const { tickets, timeline } = READ_MODELS[name];
  const rows = async <Row extends object>(sql: string, params: unknown[] = [ids]) =>
    (await client.query<Row>(sql, params)).rows;
  const sequences = (list: { ticket_id: string; sequence: number }[]) =>
    new Map(list.map((row) => [row.ticket_id, row.sequence]));
  return {
    tickets: (
      await rows<{ ticket_id: string }>(
        `SELECT ticket_id FROM ${schema}.${tickets} WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id`,
      )
    ).map((row) => row.ticket_id),
    lifecycle: sequences(
      await rows(
        `SELECT ticket_id, sequence FROM ${schema}.ticket_lifecycle
         WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id`,
      ),
    ),
    versions: sequences(
      await rows(
        `SELECT ticket_id, last_sequence AS sequence FROM ${schema}.projection_ticket_versions
         WHERE projection = $2 AND ticket_id = ANY($1::uuid[]) ORDER BY ticket_id`,
        [ids, projectionOf(name)],
      ),
    ),
    ...(timeline && {
      timeline: timelinesOf(
        await rows(
          `SELECT ticket_id, sequence, type FROM ${schema}.${timeline}
           WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id, sequence`,
        ),
      ),
    }),
    deadLetters: (
      await rows<{ id: string; key: string; reason: string }>(
        `SELECT id, key, reason FROM ${schema}.projection_dead_letters
         WHERE resolved_at IS NULL AND key = ANY($1::text[]) ORDER BY id`,
      )
    ).map((row) => `${row.key}: ${row.reason}`),
    /** Event ids of these tickets in the service's outbox. */
    stored: (
      await rows<{ event_id: string }>(
        `SELECT event_id FROM ${schema}.outbox WHERE ticket_id = ANY($1::uuid[])`,
      )
    ).map((row) => row.event_id),
  };
}

/**
 * Every row of these tickets in each service's schema (each table with a `ticket_id` column:
 * read model, lifecycle, versions, outbox), to tell whether anything changed.
 */
export async function rowsOfTickets(
  product: RunningProduct,
  tickets: readonly string[],
): Promise<Record<string, unknown[]>> {
  return product.query(async (client) => {
    const rows: Record<string, unknown[]> = {};
    for (const name of SERVICE_NAMES) {
      const schema = product.schemaOf(name);
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns
         WHERE table_schema = $1 AND column_name = 'ticket_id' ORDER BY table_name`,
        [schema],
      );
      for (const { table_name: table } of tables.rows) {
        const { rows: found } = await client.query(
          `SELECT t.* FROM ${schema}.${table} t WHERE t.ticket_id::text = ANY($1::text[]) ORDER BY t::text`,
          [tickets],
        );
        rows[`${name} ${table}`] = found;
      }
    }
    return rows;
  });
}
