import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { DeadLetter } from '../port/event-log';
import { schemaOf } from './projection-store';

/** How a replayed letter was resolved: its event applied now, or found applied already. */
export type DeadLetterResolution = 'applied' | 'duplicate';

/**
 * A dead letter as the projection keeps it, in the service's own schema: the operator's working
 * list. Resolved letters are kept (audit); `resolvedAt` says when a replay settled them.
 */
export interface RecordedDeadLetter extends DeadLetter {
  /** Names the letter in a replay. Unique within the service's schema. */
  readonly id: number;
  /** Replays tried so far. */
  readonly replays: number;
  readonly resolvedAt?: string;
  readonly resolution?: DeadLetterResolution;
}

export interface ListDeadLettersOptions {
  /** Resolved letters too (default: unresolved only). */
  includeResolved?: boolean;
  /** At most this many letters, oldest first (default 100). */
  limit?: number;
}

export interface DeadLetterList {
  projection: string;
  /** Letters that match, all of them (the list itself stops at the limit). */
  count: number;
  deadLetters: RecordedDeadLetter[];
}

/** What a replay did, by letter id. */
export interface DeadLetterReplay {
  /** Their event is applied now; the letters are resolved. */
  applied: number[];
  /** Their event had been applied meanwhile (at or below the ticket's sequence): resolved. */
  alreadyApplied: number[];
  /** Still not appliable; the reason is the one of this attempt. */
  stillDead: { id: number; reason: string }[];
  /** Named letters that a replay had resolved before: nothing done. */
  alreadyResolved: number[];
  /** Named ids that are no letters of this projection. */
  notFound: number[];
}

interface DeadLetterRow {
  id: string;
  projection: string;
  partition: number;
  position: string;
  key: string;
  value: string;
  reason: string;
  failed_at: Date;
  replays: number;
  resolved_at: Date | null;
  resolution: DeadLetterResolution | null;
}

/**
 * A projection's dead letters in the service's own schema. The runner records them in the
 * transaction that moves the checkpoint past them, so each is recorded exactly once whichever
 * log adapter runs; a replay resolves them in the transaction that applies their event.
 */
export class DeadLetterStore {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly projection: string,
  ) {
    this.table = `"${schema.replace(/"/g, '""')}".projection_dead_letters`;
  }

  /**
   * A letter is named by its position: the same position failing again (after a rebuild)
   * reopens the letter with the new reason.
   */
  async record(manager: EntityManager, letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.table} (projection, partition, position, key, value, reason, failed_at)
       SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (projection, partition, position) DO UPDATE
         SET value = excluded.value, reason = excluded.reason, failed_at = excluded.failed_at,
             resolved_at = NULL, resolution = NULL`,
      [
        this.projection,
        letters.map((letter) => letter.partition),
        letters.map((letter) => letter.position),
        letters.map((letter) => letter.key),
        letters.map((letter) => letter.value),
        letters.map((letter) => letter.reason),
        letters.map((letter) => letter.failedAt),
      ],
    );
  }

  async list(manager: EntityManager, options: ListDeadLettersOptions): Promise<DeadLetterList> {
    const filter = options.includeResolved ? '' : 'AND resolved_at IS NULL';
    const [rows, counted] = await Promise.all([
      manager.query<DeadLetterRow[]>(
        `SELECT * FROM ${this.table} WHERE projection = $1 ${filter} ORDER BY id LIMIT $2`,
        [this.projection, options.limit ?? 100],
      ),
      manager.query<{ count: string }[]>(
        `SELECT count(*) FROM ${this.table} WHERE projection = $1 ${filter}`,
        [this.projection],
      ),
    ]);
    return {
      projection: this.projection,
      count: Number(counted[0]?.count ?? 0),
      deadLetters: rows.map(toRecorded),
    };
  }

  /** The unresolved letters, or the named ones (resolved or not), oldest first, without lock. */
  async find(manager: EntityManager, ids?: readonly number[]): Promise<RecordedDeadLetter[]> {
    const rows = await (ids
      ? manager.query<DeadLetterRow[]>(
          `SELECT * FROM ${this.table} WHERE projection = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
          [this.projection, ids],
        )
      : manager.query<DeadLetterRow[]>(
          `SELECT * FROM ${this.table} WHERE projection = $1 AND resolved_at IS NULL ORDER BY id`,
          [this.projection],
        ));
    return rows.map(toRecorded);
  }

  /** Locks those of the letters still unresolved: a concurrent replay waits here. */
  async lockUnresolved(
    manager: EntityManager,
    ids: readonly number[],
  ): Promise<RecordedDeadLetter[]> {
    const rows = await manager.query<DeadLetterRow[]>(
      `SELECT * FROM ${this.table}
       WHERE projection = $1 AND id = ANY($2::bigint[]) AND resolved_at IS NULL
       ORDER BY id FOR UPDATE`,
      [this.projection, ids],
    );
    return rows.map(toRecorded);
  }

  async resolve(
    manager: EntityManager,
    id: number,
    resolution: DeadLetterResolution,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET replays = replays + 1, resolved_at = now(), resolution = $2
       WHERE id = $1`,
      [id, resolution],
    );
  }

  async keepDead(manager: EntityManager, id: number, reason: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET replays = replays + 1, reason = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  /**
   * Before a rebuild: the unresolved letters go (the rebuild records again every event that
   * still fails); the resolved ones stay for the audit.
   */
  async forgetUnresolved(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM ${this.table} WHERE projection = $1 AND resolved_at IS NULL`, [
      this.projection,
    ]);
  }
}

function toRecorded(row: DeadLetterRow): RecordedDeadLetter {
  return {
    id: Number(row.id),
    groupId: row.projection,
    partition: row.partition,
    position: Number(row.position),
    key: row.key,
    value: row.value,
    reason: row.reason,
    failedAt: row.failed_at.toISOString(),
    replays: row.replays,
    ...(row.resolved_at && { resolvedAt: row.resolved_at.toISOString() }),
    ...(row.resolution && { resolution: row.resolution }),
  };
}

/**
 * The projections' dead letters in the DataSource's schema. Add it to a service's migrations
 * after ProjectionStoreTables and OutboxTable.
 */
export class ProjectionDeadLetterTable1764000000003 implements MigrationInterface {
  name = 'ProjectionDeadLetterTable1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.projection_dead_letters (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      projection text NOT NULL,
      partition integer NOT NULL,
      position bigint NOT NULL,
      key text NOT NULL,
      value text NOT NULL,
      reason text NOT NULL,
      failed_at timestamptz NOT NULL,
      replays integer NOT NULL DEFAULT 0,
      resolved_at timestamptz,
      resolution text CHECK (resolution IN ('applied', 'duplicate')),
      CONSTRAINT projection_dead_letters_position UNIQUE (projection, partition, position),
      CHECK ((resolved_at IS NULL) = (resolution IS NULL)))`);
    await queryRunner.query(
      `CREATE INDEX projection_dead_letters_unresolved ON ${schema}.projection_dead_letters (projection, id)
       WHERE resolved_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.projection_dead_letters`);
  }
}
