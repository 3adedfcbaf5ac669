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

export function outboxTable(schema: string): string {
  return `"${schema.replace(/"/g, '""')}".outbox`;
}

/** NOTIFY channel that wakes the relay when a command stored events. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`.slice(0, 63);
}
