import { Pool } from 'pg';
import { ConsumeOptions, LogConsumer, LogRecord, RecordBatch } from '../port/event-log';
import { sleep } from '../port/sleep';
import { assignedPartitions } from './partitioning';
import { postgresLogTables } from './postgres-log-schema';

export interface GroupMemberConfig {
  memberId: string;
  pool: Pool;
  tables: ReturnType<typeof postgresLogTables>;
  partitions: number;
  sessionTimeoutMs: number;
  pollIntervalMs: number;
  /** Calls `wake` with the payload of every notification on the log's channel. */
  subscribeToWakeUps(wake: (notice: string) => void): () => void;
  options: ConsumeOptions;
}

/**
 * One member of a consumer group on the PostgreSQL log. Members announce themselves with
 * heartbeats; each one derives its partitions from the live member list. While membership
 * changes, two members may briefly read the same partition: the projection's checkpoint,
 * locked in its transaction, makes the second one a no-op.
 *
 * The member wakes on every append, but writes its heartbeat, and reads the member list, only
 * once a third of the session timeout has passed since the last time: a member that stopped
 * without a word drops out of the list on that timescale anyway. In between, it keeps the
 * partitions it derived. A member that joins or leaves says so on the log's channel, so that
 * the others read the list at once instead of reading the same partitions until then.
 */
export class PostgresGroupMember implements LogConsumer {
  /** Next position to read, per partition this member owns. */
  private readonly cursors = new Map<number, number>();
  /** The partitions derived from the member list last read. */
  private owned: readonly number[] = [];
  /** When the last heartbeat was written (performance.now()), if one was. */
  private heartbeatAt?: number;
  /** Another member joined or left since the member list was last read. */
  private membershipChanged = false;
  /** This member's join has been told to the others. */
  private announced = false;
  private readonly stopping = new AbortController();
  private wake = new AbortController();
  private running?: Promise<void>;

  constructor(private readonly config: GroupMemberConfig) {}

  start(): void {
    const unsubscribe = this.config.subscribeToWakeUps((notice) => {
      if (notice === this.membershipNotice()) this.membershipChanged = true;
      this.wake.abort();
    });
    this.running = this.loop().finally(unsubscribe);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake.abort();
    await this.running;
    const { pool, tables, options, memberId } = this.config;
    await pool
      .query(
        `WITH gone AS (DELETE FROM ${tables.members} WHERE group_id = $1 AND member_id = $2)
         SELECT pg_notify($3, $4)`,
        [options.groupId, memberId, tables.channel, this.membershipNotice()],
      )
      .catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const { pollIntervalMs } = this.config;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      let worked = false;
      try {
        await this.rebalance();
        worked = await this.consumeOnce();
      } catch (error) {
        this.config.options.onError?.(error);
        // What was read but not applied is read again from the stored checkpoint.
        this.cursors.clear();
        await sleep(pollIntervalMs, this.stopping.signal);
        continue;
      }
      if (!worked)
        await sleep(pollIntervalMs, AbortSignal.any([this.wake.signal, this.stopping.signal]));
    }
  }

  private async rebalance(): Promise<void> {
    const { options, sessionTimeoutMs } = this.config;
    const heartbeatDue =
      this.heartbeatAt === undefined ||
      performance.now() - this.heartbeatAt >= sessionTimeoutMs / 3;
    if (heartbeatDue || this.membershipChanged) {
      // A notice that arrives while the list is read asks for one more read; a heartbeat that
      // fails is written again at the next round.
      this.membershipChanged = false;
      if (heartbeatDue) this.heartbeatAt = undefined;
      const sentAt = performance.now();
      this.owned = await this.readMembers(heartbeatDue);
      if (!this.announced) {
        await this.announce();
        this.announced = true;
      }
      if (heartbeatDue) this.heartbeatAt = sentAt;
      for (const partition of this.cursors.keys()) {
        if (!this.owned.includes(partition)) this.cursors.delete(partition);
      }
    }
    for (const partition of this.owned) {
      if (!this.cursors.has(partition)) {
        this.cursors.set(partition, (await options.resumeFrom(partition)) ?? 0);
      }
    }
  }

  /** Derives this member's partitions from the live members, writing its heartbeat first if asked. */
  private async readMembers(heartbeat: boolean): Promise<number[]> {
    const { pool, tables, options, memberId, sessionTimeoutMs, partitions } = this.config;
    const { rows } = await pool.query<{ member_id: string }>(
      `WITH heartbeat AS (
         INSERT INTO ${tables.members} (group_id, member_id, heartbeat_at)
         SELECT $1, $2, now() WHERE $4::boolean
         ON CONFLICT (group_id, member_id) DO UPDATE SET heartbeat_at = now())
       SELECT member_id FROM ${tables.members}
       WHERE group_id = $1 AND heartbeat_at > now() - make_interval(secs => $3::float / 1000)`,
      [options.groupId, memberId, sessionTimeoutMs, heartbeat],
    );
    // The statement does not see its own heartbeat (a CTE's writes are invisible to the rest
    // of the statement): this member counts itself in.
    const live = new Set([memberId, ...rows.map((row) => row.member_id)]);
    return assignedPartitions(memberId, [...live], partitions);
  }

  /** Tells the group's other members, in every process, that this one joined. */
  private async announce(): Promise<void> {
    const { pool, tables } = this.config;
    await pool.query('SELECT pg_notify($1, $2)', [tables.channel, this.membershipNotice()]);
  }

  /** The payload that tells the members of this group to read the member list. */
  private membershipNotice(): string {
    return `members:${this.config.options.groupId}`;
  }

  /** Reads up to one batch from every owned partition and applies them together. */
  private async consumeOnce(): Promise<boolean> {
    if (this.cursors.size === 0) return false;
    const { pool, tables, options } = this.config;
    const { rows } = await pool.query<{
      partition: number;
      position: string;
      key: string;
      value: string;
    }>(
      `SELECT e.partition, e.position, e.key, e.value
       FROM unnest($1::int[], $2::bigint[]) AS c(partition, next)
       CROSS JOIN LATERAL (
         SELECT partition, position, key, value FROM ${tables.events} ev
         WHERE ev.partition = c.partition AND ev.position >= c.next
         ORDER BY ev.position LIMIT $3) e
       ORDER BY e.partition, e.position`,
      [[...this.cursors.keys()], [...this.cursors.values()], options.maxBatchSize ?? 500],
    );
    const batches = groupByPartition(rows).filter((batch) => this.cursors.has(batch.partition));
    if (this.stopping.signal.aborted || batches.length === 0) return false;
    // Every owned partition's records in one unit of work.
    await options.handleBatch(batches);
    for (const batch of batches) {
      const last = batch.records[batch.records.length - 1];
      if (last) this.cursors.set(batch.partition, last.position + 1);
    }
    return true;
  }
}

function groupByPartition(
  rows: readonly { partition: number; position: string; key: string; value: string }[],
): RecordBatch[] {
  const batches = new Map<number, LogRecord[]>();
  for (const row of rows) {
    const records = batches.get(row.partition) ?? [];
    records.push({
      partition: row.partition,
      position: Number(row.position),
      key: row.key,
      value: row.value,
    });
    batches.set(row.partition, records);
  }
  return [...batches].map(([partition, records]) => ({ partition, records }));
}
