import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * A projection's checkpoint (next position to read, per partition) and the last sequence
 * applied per ticket. Both live in the service's own schema, beside its read model, and
 * change in the read model's transaction.
 */
export class ProjectionStore {
  private readonly checkpoints: string;
  private readonly versions: string;

  constructor(
    schema: string,
    private readonly projection: string,
  ) {
    const s = `"${schema.replace(/"/g, '""')}"`;
    this.checkpoints = `${s}.projection_checkpoints`;
    this.versions = `${s}.projection_ticket_versions`;
  }

  /**
   * Locks the partitions' checkpoints for this transaction (a second reader of one waits here)
   * and returns each one's next position, undefined when never set.
   */
  async lockCheckpoints(
    manager: EntityManager,
    partitions: readonly number[],
  ): Promise<Map<number, number | undefined>> {
    // One round trip: the upsert creates the rows if need be and, like SELECT ... FOR UPDATE,
    // locks them (a concurrent locker waits, then reads what the first one committed). Always
    // in ascending order, so that two lockers of overlapping partitions cannot deadlock.
    const rows: { partition: number; next_position: string | null }[] = await manager.query(
      `INSERT INTO ${this.checkpoints} AS checkpoint (projection, partition, next_position)
       SELECT $1, partition, NULL FROM unnest($2::int[]) AS partition ORDER BY partition
       ON CONFLICT (projection, partition) DO UPDATE SET next_position = checkpoint.next_position
       RETURNING partition, next_position`,
      [this.projection, [...partitions].sort((a, b) => a - b)],
    );
    return new Map(
      rows.map((row) => [
        row.partition,
        row.next_position == null ? undefined : Number(row.next_position),
      ]),
    );
  }

  async checkpoint(manager: EntityManager, partition: number): Promise<number | undefined> {
    const rows: { next_position: string | null }[] = await manager.query(
      `SELECT next_position FROM ${this.checkpoints} WHERE projection = $1 AND partition = $2`,
      [this.projection, partition],
    );
    const next = rows[0]?.next_position;
    return next == null ? undefined : Number(next);
  }

  async allCheckpoints(manager: EntityManager): Promise<Map<number, number>> {
    const rows: { partition: number; next_position: string }[] = await manager.query(
      `SELECT partition, next_position FROM ${this.checkpoints}
       WHERE projection = $1 AND next_position IS NOT NULL`,
      [this.projection],
    );
    return new Map(rows.map((row) => [row.partition, Number(row.next_position)]));
  }

  async lockTicketVersions(
    manager: EntityManager,
    ticketIds: readonly string[],
  ): Promise<Map<string, number>> {
    if (ticketIds.length === 0) return new Map();
    const rows: { ticket_id: string; last_sequence: number }[] = await manager.query(
      `SELECT ticket_id, last_sequence FROM ${this.versions}
       WHERE projection = $1 AND ticket_id = ANY($2::uuid[]) FOR UPDATE`,
      [this.projection, ticketIds],
    );
    return new Map(rows.map((row) => [row.ticket_id, row.last_sequence]));
  }

  /**
   * Saves what a batch (or a command's own events) moved, in one round trip: the tickets'
   * applied sequences, the partitions' checkpoints (when from the log) and NOTIFYs of the
   * changed tickets, delivered at commit.
   */
  async saveProgress(
    manager: EntityManager,
    progress: {
      versions: ReadonlyMap<string, number>;
      checkpoints?: ReadonlyMap<number, number>;
      notify?: { channel: string; payloads: readonly string[] };
    },
  ): Promise<void> {
    const { versions, checkpoints, notify } = progress;
    const payloads = notify?.payloads ?? [];
    const parameters: unknown[] = [this.projection];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    // Data-modifying CTEs always run to completion, referenced or not. Each is there only when
    // needed: a command's own events must not touch (nor wait on a lock of) the checkpoints.
    const writes: string[] = [];
    if (versions.size > 0) {
      writes.push(
        `saved_versions AS (
           INSERT INTO ${this.versions} (projection, ticket_id, last_sequence)
           SELECT $1, * FROM unnest(${parameter([...versions.keys()])}::uuid[],
                                    ${parameter([...versions.values()])}::int[])
           ON CONFLICT (projection, ticket_id) DO UPDATE SET last_sequence = excluded.last_sequence
         )`,
      );
    }
    if (checkpoints && checkpoints.size > 0) {
      writes.push(
        `saved_checkpoints AS (
           UPDATE ${this.checkpoints} AS checkpoint
           SET next_position = moved.next, updated_at = now()
           FROM unnest(${parameter([...checkpoints.keys()])}::int[],
                       ${parameter([...checkpoints.values()])}::bigint[]) AS moved(partition, next)
           WHERE checkpoint.projection = $1 AND checkpoint.partition = moved.partition
         )`,
      );
    }
    if (writes.length === 0 && payloads.length === 0) return;
    const notifications =
      payloads.length > 0
        ? `SELECT pg_notify(${parameter(notify?.channel)}, payload) FROM unnest(${parameter(payloads)}::text[]) AS payload`
        : 'SELECT 1';
    await manager.query(
      `${writes.length > 0 ? `WITH ${writes.join(', ')} ` : ''}${notifications}`,
      parameters,
    );
  }

  async forget(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM ${this.checkpoints} WHERE projection = $1`, [this.projection]);
    await manager.query(`DELETE FROM ${this.versions} WHERE projection = $1`, [this.projection]);
  }
}

/** Creates the projection store tables in the DataSource's schema. Add it to a service's migrations. */
export class ProjectionStoreTables1764000000000 implements MigrationInterface {
  name = 'ProjectionStoreTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await queryRunner.query(`CREATE TABLE ${schema}.projection_checkpoints (
      projection text NOT NULL,
      partition integer NOT NULL,
      next_position bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, partition))`);
    await queryRunner.query(`CREATE TABLE ${schema}.projection_ticket_versions (
      projection text NOT NULL,
      ticket_id uuid NOT NULL,
      last_sequence integer NOT NULL,
      PRIMARY KEY (projection, ticket_id))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.projection_ticket_versions`);
    await queryRunner.query(`DROP TABLE ${schema}.projection_checkpoints`);
  }
}

export function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as PostgresConnectionOptions).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}
