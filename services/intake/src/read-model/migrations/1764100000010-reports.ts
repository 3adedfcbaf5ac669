import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * The reports' read model (services/intake/src/reports), fed by the log and emptied by a
 * rebuild: each ticket's standing, each stay of a ticket at a tier (how it arrived, how it
 * left), and the SLA warnings and breaches the tiers announced.
 */
export class Reports1764100000010 implements MigrationInterface {
  name = 'Reports1764100000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.report_tickets (
      ticket_id uuid PRIMARY KEY,
      submitted_at timestamptz NOT NULL,
      priority text,
      owner text NOT NULL,
      resolved_at timestamptz,
      closed_at timestamptz)`);
    await queryRunner.query(
      `CREATE INDEX report_tickets_by_submission ON ${schema}.report_tickets (submitted_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX report_tickets_backlog ON ${schema}.report_tickets (owner, submitted_at)
         WHERE closed_at IS NULL`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.report_tier_stays (
      ticket_id uuid NOT NULL,
      sequence integer NOT NULL,
      level text NOT NULL,
      arrived_at timestamptz NOT NULL,
      arrived_by text NOT NULL,
      from_level text,
      left_at timestamptz,
      left_by text,
      PRIMARY KEY (ticket_id, sequence))`);
    await queryRunner.query(
      `CREATE INDEX report_tier_stays_resolved ON ${schema}.report_tier_stays (left_at)
         WHERE left_by = 'resolved'`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.report_sla_events (
      ticket_id uuid NOT NULL,
      level text NOT NULL,
      target text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('warning', 'breach')),
      policy text NOT NULL,
      due_at timestamptz NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (ticket_id, level, target, kind))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    for (const table of ['report_sla_events', 'report_tier_stays', 'report_tickets']) {
      await queryRunner.query(`DROP TABLE ${schema}.${table}`);
    }
  }
}
