import { Client } from 'pg';
import { TicketEvent } from '@helpdesk/ticket-events';
import { EventLog } from '../port/event-log';
import { Logger, silentLogger } from '../port/logger';
import { errorMessage } from '../port/error-message';
import { sleep } from '../port/sleep';
import { outboxChannel, outboxTable } from './outbox-tables';

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
  logger?: Logger;
}

/**
 * Publishes the outbox to the log in insertion order and marks what was published. Only one
 * relay per schema publishes at a time (a session advisory lock): with two, a ticket's events
 * could overtake each other. The others stand by and take over if the leader's connection dies.
 * A log that is down only delays events: rows stay until an append succeeds. A crash between
 * append and mark publishes a row twice; consumers skip the duplicate by its sequence number.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly channel: string;
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private wake = new AbortController();
  private client?: Client;
  private running?: Promise<void>;
  private leader = false;
  published = 0;

  constructor(private readonly config: OutboxRelayConfig) {
    this.table = outboxTable(config.schema);
    this.channel = outboxChannel(config.schema);
    this.logger = config.logger ?? silentLogger;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake.abort();
    await this.running;
    await this.disconnect();
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Events stored but not yet on the log. */
  async backlog(): Promise<number> {
    const client = new Client({ connectionString: this.config.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM ${this.table} WHERE published_at IS NULL`,
      );
      return Number(rows[0]?.count ?? 0);
    } finally {
      await client.end();
    }
  }

  private async loop(): Promise<void> {
    const pollIntervalMs = this.config.pollIntervalMs ?? 1_000;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      try {
        const client = await this.connected();
        if (!(await this.leadership(client))) {
          await sleep(pollIntervalMs * 2, this.stopping.signal);
          continue;
        }
        const published = await this.publishBatch(client);
        failures = 0;
        if (published === 0) {
          await sleep(pollIntervalMs, AbortSignal.any([this.wake.signal, this.stopping.signal]));
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

  private async publishBatch(client: Client): Promise<number> {
    const { rows } = await client.query<{ id: string; event: TicketEvent }>(
      `SELECT id, event FROM ${this.table} WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.config.batchSize ?? 500],
    );
    if (rows.length === 0) return 0;
    await this.config.log.append(rows.map((row) => row.event));
    await client.query(
      `UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::bigint[])`,
      [rows.map((row) => row.id)],
    );
    this.published += rows.length;
    return rows.length;
  }

  private async leadership(client: Client): Promise<boolean> {
    if (this.leader) return true;
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`outbox-relay:${this.config.schema}`],
    );
    this.leader = rows[0]?.locked === true;
    if (this.leader) this.logger.log(`outbox relay (${this.config.schema}): leading`);
    return this.leader;
  }

  /** One session holds the leadership lock and listens; when it drops, both go with it. */
  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.config.connectionString });
    client.on('notification', () => this.wake.abort());
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
