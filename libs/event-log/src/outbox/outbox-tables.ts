import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../projection/projection-store';

/**
 * The outbox of a writing service, in its own schema. `(ticket_id, sequence)` is unique:
 * two concurrent commands on one ticket cannot both claim the same sequence number.
 */
export class OutboxTable1764000000001 implements MigrationInterface {
  name = 'OutboxTable1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await queryRunner.query(`CREATE TABLE ${schema}.outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      ticket_id uuid NOT NULL,
      sequence integer NOT NULL,
      event jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      CONSTRAINT outbox_ticket_sequence UNIQUE (ticket_id, sequence))`);
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished ON ${schema}.outbox (id) WHERE published_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.outbox`);
  }
}

/**
 * What the relay has published is one number, not a column of every row (ADR 17): the rows
 * move to `outbox_events`, `outbox_published.through_id` says that every row up to that id is on
 * the log, and publishing a batch moves it with one single-row UPDATE. Writers take their turn
 * (OutboxWriter), so ids become visible in order and no row can appear below the mark later.
 *
 * `outbox` stays, as a view, for whoever reads the outbox (operators, tests): every row still
 * kept, with `published_at` set (to the last time the mark moved) once the mark has passed it.
 */
export class OutboxPublishedMark1764000000011 implements MigrationInterface {
  name = 'OutboxPublishedMark1764000000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${schema}.outbox RENAME TO outbox_events`);
    await queryRunner.query(`CREATE TABLE ${schema}.outbox_published (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      through_id bigint NOT NULL,
      moved_at timestamptz NOT NULL DEFAULT now())`);
    // Everything below the first unpublished row was published. A published row above it goes
    // out once more: consumers skip it by its sequence number.
    await queryRunner.query(`INSERT INTO ${schema}.outbox_published (through_id)
      SELECT coalesce(
        (SELECT min(id) - 1 FROM ${schema}.outbox_events WHERE published_at IS NULL),
        (SELECT max(id) FROM ${schema}.outbox_events),
        0)`);
    await queryRunner.query(`DROP INDEX ${schema}.outbox_unpublished`);
    await queryRunner.query(`ALTER TABLE ${schema}.outbox_events DROP COLUMN published_at`);
    await queryRunner.query(`CREATE VIEW ${schema}.outbox AS
      SELECT e.id, e.event_id, e.ticket_id, e.sequence, e.event, e.created_at,
             CASE WHEN e.id <= p.through_id THEN p.moved_at END AS published_at
      FROM ${schema}.outbox_events e CROSS JOIN ${schema}.outbox_published p`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP VIEW ${schema}.outbox`);
    await queryRunner.query(
      `ALTER TABLE ${schema}.outbox_events ADD COLUMN published_at timestamptz`,
    );
    await queryRunner.query(`UPDATE ${schema}.outbox_events e SET published_at = p.moved_at
      FROM ${schema}.outbox_published p WHERE e.id <= p.through_id`);
    await queryRunner.query(`DROP TABLE ${schema}.outbox_published`);
    await queryRunner.query(`ALTER TABLE ${schema}.outbox_events RENAME TO outbox`);
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished ON ${schema}.outbox (id) WHERE published_at IS NULL`,
    );
  }
}

function quoted(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`;
}

/** The table the writers insert into and the relay reads. */
export function outboxTable(schema: string): string {
  return `${quoted(schema)}.outbox_events`;
}

/** The one row that says up to which id the relay has published. */
export function outboxPublishedTable(schema: string): string {
  return `${quoted(schema)}.outbox_published`;
}

/** NOTIFY channel that wakes the relay when a command stored events. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`.slice(0, 63);
}

/** Writers of one schema take turns on this lock from their insert to their commit. */
export function outboxWriterLock(schema: string): string {
  return `outbox-writer:${schema}`;
}
