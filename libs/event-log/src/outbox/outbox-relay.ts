import { Client } from 'pg';
import { TicketEvent } from '@helpdesk/ticket-events';
import { EventLog } from '../port/event-log';
import { Logger, silentLogger } from '../port/logger';
import { errorMessage } from '../port/error-message';
import { sleep } from '../port/sleep';
import { outboxBacklogQuery } from './outbox-backlog';
import { outboxChannel, outboxPublishedTable, outboxTable } from './outbox-tables';
import { OutboxWriter } from './outbox-writer';

export interface OutboxRelayConfig {
  connectionString: string;
  /** The writing service's schema, where its outbox table lives. */
  schema: string;
  log: EventLog;
  batchSize?: number;
  /** Fallback poll when no notification arrives. */
  pollIntervalMs?: number;
  /** Longest pause between attempts while the log is unreachable. */
  maxBackoffMs?: number;
  /**
   * How long published rows stay in the outbox (to read what a service wrote) before the
   * leader deletes them; 10 minutes unless said otherwise.
   */
  retentionMs?: number;
  /** The writer of this process: a commit it is told of wakes the relay at once. */
  writer?: OutboxWriter;
  logger?: Logger;
}

/** A mark the relay moved, and when: what is below it may go once it is old enough. */
interface PastMark {
  readonly throughId: string;
  readonly at: number;
}

/**
 * Publishes the outbox to the log in id order and moves the published mark (one single-row
 * UPDATE per batch, ADR 17). Only one relay per schema publishes at a time (a session advisory
 * lock): with two, a ticket's events could overtake each other. The others stand by and take
 * over if the leader's connection dies. A log that is down only delays events: rows stay above
 * the mark until an append succeeds. A crash between append and mark publishes a batch twice;
 * consumers skip the duplicates by their sequence numbers. Rows below the mark are deleted once
 * older than the retention, in one statement.
 *
 * It wakes when the writer of its own process commits, on the writers' NOTIFY from other
 * processes, and on its poll as a fallback.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly publishedTable: string;
  private readonly channel: string;
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private wakeUp = new AbortController();
  private client?: Client;
  private running?: Promise<void>;
  private leader = false;
  /** Every row up to this id is on the log (read when the relay becomes the leader). */
  private throughId = '0';
  private pastMarks: PastMark[] = [];
  private stopListening?: () => void;
  published = 0;

  constructor(private readonly config: OutboxRelayConfig) {
    this.table = outboxTable(config.schema);
    this.publishedTable = outboxPublishedTable(config.schema);
    this.channel = outboxChannel(config.schema);
    this.logger = config.logger ?? silentLogger;
  }

  start(): void {
    this.stopListening ??= this.config.writer?.onCommitted(() => this.wake());
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.stopping.abort();
    this.wakeUp.abort();
    await this.running;
    await this.disconnect();
  }

  /** Something was committed to the outbox: publish now rather than at the next poll. */
  wake(): void {
    this.wakeUp.abort();
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Events stored but not yet on the log. */
  async backlog(): Promise<number> {
    const client = new Client({ connectionString: this.config.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ events: number }>(
        outboxBacklogQuery(this.config.schema),
      );
      return rows[0]?.events ?? 0;
    } finally {
      await client.end();
    }
  }

  private async loop(): Promise<void> {
    const pollIntervalMs = this.config.pollIntervalMs ?? 1_000;
    const batchSize = this.config.batchSize ?? 500;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      // A wake that comes while the batch below runs cuts the sleep after it short.
      this.wakeUp = new AbortController();
      try {
        const client = await this.connected();
        if (!(await this.leadership(client))) {
          await sleep(pollIntervalMs * 2, this.stopping.signal);
          continue;
        }
        // First, so that a log that refuses every batch does not keep old rows either.
        await this.prune(client);
        const published = await this.publishBatch(client, batchSize);
        failures = 0;
        if (published < batchSize) {
          await sleep(pollIntervalMs, AbortSignal.any([this.wakeUp.signal, this.stopping.signal]));
        }
      } catch (error) {
        failures++;
        const backoff = Math.min(this.config.maxBackoffMs ?? 5_000, 100 * 2 ** failures);
        this.logger.warn(
          `outbox relay (${this.config.schema}): ${errorMessage(error)}; retrying in ${backoff} ms`,
        );
        await sleep(backoff, this.stopping.signal);
      }
    }
  }

  private async publishBatch(client: Client, batchSize: number): Promise<number> {
    const { rows } = await client.query<{ id: string; event: TicketEvent }>(
      `SELECT id, event FROM ${this.table} WHERE id > $1 ORDER BY id LIMIT $2`,
      [this.throughId, batchSize],
    );
    const last = rows[rows.length - 1];
    if (!last) return 0;
    await this.config.log.append(rows.map((row) => row.event));
    await client.query(`UPDATE ${this.publishedTable} SET through_id = $1, moved_at = now()`, [
      last.id,
    ]);
    this.throughId = last.id;
    this.remember(last.id);
    this.published += rows.length;
    return rows.length;
  }

  /** One past mark a second at most: enough to prune on time, little to hold. */
  private remember(throughId: string): void {
    const now = Date.now();
    const latest = this.pastMarks[this.pastMarks.length - 1];
    if (latest && now - latest.at < 1_000) {
      this.pastMarks[this.pastMarks.length - 1] = { throughId, at: latest.at };
    } else {
      this.pastMarks.push({ throughId, at: now });
    }
  }

  /** Deletes what was published longer ago than the retention, in one statement. */
  private async prune(client: Client): Promise<void> {
    const cutoff = Date.now() - (this.config.retentionMs ?? 600_000);
    let due: PastMark | undefined;
    while (this.pastMarks[0] && this.pastMarks[0].at <= cutoff) due = this.pastMarks.shift();
    if (!due) return;
    await client.query(`DELETE FROM ${this.table} WHERE id <= $1`, [due.throughId]);
  }

  private async leadership(client: Client): Promise<boolean> {
    if (this.leader) return true;
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`outbox-relay:${this.config.schema}`],
    );
    if (rows[0]?.locked !== true) return false;
    // Read once the lock is held: no other relay moves the mark while this one leads.
    const { rows: marks } = await client.query<{ through_id: string }>(
      `SELECT through_id FROM ${this.publishedTable}`,
    );
    const mark = marks[0];
    if (!mark) throw new Error(`${this.publishedTable} has no row`);
    this.throughId = mark.through_id;
    this.pastMarks = [];
    this.leader = true;
    this.logger.log(`outbox relay (${this.config.schema}): leading`);
    return true;
  }

  /** One session holds the leadership lock and listens; when it drops, both go with it. */
  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.config.connectionString });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn(`outbox relay (${this.config.schema}) connection lost: ${error.message}`);
      void this.disconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }
}
