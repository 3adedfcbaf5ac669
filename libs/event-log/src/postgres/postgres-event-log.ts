import { randomUUID } from 'node:crypto';
import { Client, Pool, PoolClient } from 'pg';
import { TicketEvent, serializeTicketEvent } from '@helpdesk/ticket-events';
import {
  ConsumeOptions,
  DeadLetter,
  EventLog,
  LogConsumer,
  PartitionRange,
} from '../port/event-log';
import { GroupCommit } from '../port/group-commit';
import { Logger, silentLogger } from '../port/logger';
import { postgresLogDdl, postgresLogTables } from './postgres-log-schema';
import { partitionOf } from './partitioning';
import { PostgresGroupMember } from './postgres-group-member';

export interface PostgresEventLogConfig {
  connectionString: string;
  /** The schema that holds the log: one schema, one log (like one Kafka topic). */
  schema: string;
  /** Fixed when the log is created, like a topic's partition count. */
  partitions: number;
  /** A member that has not sent a heartbeat for this long leaves its partitions to the others. */
  sessionTimeoutMs?: number;
  /** Fallback poll when no notification arrives (a notification may be lost on reconnect). */
  pollIntervalMs?: number;
  logger?: Logger;
}

/**
 * The embedded log: one append-only table with a global position. Readers wake on
 * LISTEN/NOTIFY instead of polling.
 *
 * The appends of one process are written in groups (GroupCommit): the calls that arrive while
 * a group is being written make up the next one, which costs one transaction, one multi-row
 * insert, one NOTIFY and one durable commit. A group keeps the calls in the order they arrived
 * and each call's events in their order. If its transaction fails, every call of the group is
 * rejected and none of its events is in the log.
 *
 * Every group still takes a transaction-scoped advisory lock, which serializes the groups of
 * all processes: positions are drawn while the lock is held, so they become visible in order
 * and a reader never skips a row that commits late.
 */
export class PostgresEventLog implements EventLog {
  private readonly pool: Pool;
  private readonly tables: ReturnType<typeof postgresLogTables>;
  private readonly logger: Logger;
  private partitions: number;
  private listener?: Promise<Client>;
  private reconnect?: NodeJS.Timeout;
  private closed = false;
  private readonly wakeUps = new Set<(notice: string) => void>();
  private readonly appends = new GroupCommit<AppendedRows, void>((calls) =>
    this.appendTogether(calls),
  );

  constructor(private readonly config: PostgresEventLogConfig) {
    this.pool = new Pool({ connectionString: config.connectionString, max: 4 });
    this.pool.on('error', (error) => this.logger.warn(`event log pool: ${error.message}`));
    this.tables = postgresLogTables(config.schema);
    this.logger = config.logger ?? silentLogger;
    this.partitions = config.partitions;
  }

  async ensureCreated(): Promise<void> {
    this.partitions = await this.inTransaction(async (client) => {
      // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog; take turns.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `event-log-ddl:${this.config.schema}`,
      ]);
      for (const statement of postgresLogDdl(this.config.schema, this.config.partitions)) {
        await client.query(statement);
      }
      const { rows } = await client.query<{ partitions: number }>(
        `SELECT partitions FROM ${this.tables.settings}`,
      );
      return rows[0]?.partitions ?? this.config.partitions;
    });
  }

  async append(events: readonly TicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Computed by the caller, so that an event that cannot be serialized fails its call alone.
    await this.appends.submit({
      partitions: events.map((event) => partitionOf(event.ticketId, this.partitions)),
      keys: events.map((event) => event.ticketId),
      values: events.map(serializeTicketEvent),
    });
  }

  /** One group of `append` calls, in one transaction. */
  private appendTogether(calls: readonly AppendedRows[]): Promise<void[]> {
    return this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `event-log-append:${this.config.schema}`,
      ]);
      await client.query(
        `INSERT INTO ${this.tables.events} (partition, key, value)
         SELECT partition, key, value
         FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS r(partition, key, value, n)
         ORDER BY n`,
        [
          calls.flatMap((call) => call.partitions),
          calls.flatMap((call) => call.keys),
          calls.flatMap((call) => call.values),
        ],
      );
      await client.query('SELECT pg_notify($1, $2)', [this.tables.channel, '']);
      return calls.map(() => undefined);
    });
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The pool listens for a lost connection only while the client is idle: without this, a
    // connection cut during the transaction would be an unhandled 'error' event.
    const lost = (error: Error) => this.logger.warn(`event log connection lost: ${error.message}`);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
      client.off('error', lost);
    }
  }

  async consume(options: ConsumeOptions): Promise<LogConsumer> {
    await this.listen();
    const member = new PostgresGroupMember({
      memberId: randomUUID(),
      pool: this.pool,
      tables: this.tables,
      partitions: this.partitions,
      sessionTimeoutMs: this.config.sessionTimeoutMs ?? 10_000,
      pollIntervalMs: this.config.pollIntervalMs ?? 1_000,
      subscribeToWakeUps: (wake) => {
        this.wakeUps.add(wake);
        return () => this.wakeUps.delete(wake);
      },
      options,
    });
    member.start();
    return member;
  }

  async deadLetter(entries: readonly DeadLetter[]): Promise<void> {
    if (entries.length === 0) return;
    await this.pool.query(
      `INSERT INTO ${this.tables.deadLetters} (group_id, partition, position, key, value, reason, failed_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
      [
        entries.map((entry) => entry.groupId),
        entries.map((entry) => entry.partition),
        entries.map((entry) => entry.position),
        entries.map((entry) => entry.key),
        entries.map((entry) => entry.value),
        entries.map((entry) => entry.reason),
        entries.map((entry) => entry.failedAt),
      ],
    );
  }

  async readDeadLetters(): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<{
      group_id: string;
      partition: number;
      position: string;
      key: string;
      value: string;
      reason: string;
      failed_at: Date;
    }>(`SELECT * FROM ${this.tables.deadLetters} ORDER BY id`);
    return rows.map((row) => ({
      groupId: row.group_id,
      partition: row.partition,
      position: Number(row.position),
      key: row.key,
      value: row.value,
      reason: row.reason,
      failedAt: row.failed_at.toISOString(),
    }));
  }

  async partitionRanges(): Promise<PartitionRange[]> {
    const { rows } = await this.pool.query<{ partition: number; start: string; end: string }>(
      `SELECT p.partition,
              coalesce((SELECT min(position) FROM ${this.tables.events} e WHERE e.partition = p.partition), 0) AS start,
              coalesce((SELECT max(position) + 1 FROM ${this.tables.events} e WHERE e.partition = p.partition), 0) AS end
       FROM generate_series(0, $1::int - 1) AS p(partition)
       ORDER BY p.partition`,
      [this.partitions],
    );
    return rows.map((row) => ({
      partition: row.partition,
      start: Number(row.start),
      end: Number(row.end),
    }));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await listener.then((client) => client.end()).catch(() => undefined);
    await this.pool.end();
  }

  /** One LISTEN connection per process, shared by every consumer; reconnects when it drops. */
  private listen(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the event log is closed'));
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.config.connectionString });
      client.on('notification', ({ payload }) =>
        this.wakeUps.forEach((wake) => wake(payload ?? '')),
      );
      client.on('error', (error) => {
        this.logger.warn(`event log listener lost (${error.message}); polling until it is back`);
        this.listener = undefined;
        void client.end().catch(() => undefined);
        this.scheduleReconnect();
      });
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.tables.channel)}`);
      return client;
    })().catch((error: unknown) => {
      this.listener = undefined;
      throw error;
    });
    return this.listener;
  }

  private scheduleReconnect(): void {
    // Listening is only for consumers waiting on this process; with none, stay quiet.
    if (this.closed || this.wakeUps.size === 0) return;
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => {
      this.listen().catch(() => this.scheduleReconnect());
    }, 1_000);
    this.reconnect.unref();
  }
}

/** The rows of one `append` call, column by column. */
interface AppendedRows {
  partitions: number[];
  keys: string[];
  values: string[];
}
