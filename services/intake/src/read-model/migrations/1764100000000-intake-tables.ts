import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * Intake's tables. Two kinds live side by side in its schema:
 * - its own state, which the log cannot give back: integrator keys, idempotency records and
 *   the contact guide (never emptied by a rebuild);
 * - its read model, fed by the log and rebuilt from it: requester_tickets, public_timeline.
 */
export class IntakeTables1764100000000 implements MigrationInterface {
  name = 'IntakeTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.integrator_keys (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz)`);
    await queryRunner.query(`CREATE TABLE ${schema}.idempotency_records (
      scope text NOT NULL,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      ticket_id uuid NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, idempotency_key))`);
    await queryRunner.query(`CREATE TABLE ${schema}.contact_guide_categories (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL,
      questions jsonb NOT NULL,
      have_at_hand jsonb NOT NULL,
      position integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE ${schema}.requester_tickets (
      ticket_id uuid PRIMARY KEY,
      integrator_key_id uuid,
      channel text NOT NULL,
      requester_name text NOT NULL,
      requester_email text NOT NULL,
      summary text NOT NULL,
      category text NOT NULL,
      status text NOT NULL,
      level text NOT NULL,
      priority text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX requester_tickets_by_integrator ON ${schema}.requester_tickets (integrator_key_id, created_at)`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.public_timeline (
      ticket_id uuid NOT NULL,
      sequence integer NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      public_text text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (ticket_id, sequence))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    for (const table of [
      'public_timeline',
      'requester_tickets',
      'contact_guide_categories',
      'idempotency_records',
      'integrator_keys',
    ]) {
      await queryRunner.query(`DROP TABLE ${schema}.${table}`);
    }
  }
}
