import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * A tier's service-level timers: per ticket and target, at the tier's level (ADR 14). Part of
 * the read model: folded from the log, emptied and refilled by a rebuild.
 */
export class ServiceLevelTimersTable1764500000000 implements MigrationInterface {
  name = 'ServiceLevelTimersTable1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.sla_timers (
      ticket_id uuid NOT NULL,
      target text NOT NULL,
      level text NOT NULL,
      started_at timestamptz NOT NULL,
      priority text,
      policy text,
      paused_since timestamptz,
      paused_business_ms bigint NOT NULL,
      met_at timestamptz,
      due_at timestamptz,
      warn_at timestamptz,
      warned_at timestamptz,
      breached_at timestamptz,
      PRIMARY KEY (ticket_id, target))`);
    // What the timer loop looks for: counting timers not yet breached, by their warning point.
    await queryRunner.query(
      `CREATE INDEX sla_timers_counting ON ${schema}.sla_timers (warn_at)
       WHERE breached_at IS NULL AND met_at IS NULL AND paused_since IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.sla_timers`);
  }
}
