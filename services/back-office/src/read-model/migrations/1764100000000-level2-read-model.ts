import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';
import { queueTableSql, timelineTableSql } from '@helpdesk/tier-desk';

/** Level 2's read model: the tickets it may see, its queue, every ticket's timeline. */
export class Level2ReadModel1764100000000 implements MigrationInterface {
  name = 'Level2ReadModel1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.level2_tickets (
      ticket_id uuid PRIMARY KEY,
      summary text NOT NULL,
      description text NOT NULL,
      category text NOT NULL,
      channel text NOT NULL,
      requester_name text NOT NULL,
      requester_email text NOT NULL,
      priority text,
      submitted_at timestamptz NOT NULL,
      first_reached_at timestamptz,
      escalation_reason text,
      diagnosis text,
      outcome text,
      diagnosed_at timestamptz,
      rma_number text,
      rma_step text,
      rma_updated_at timestamptz,
      remote_session_id text,
      remote_session_link text,
      remote_session_state text,
      remote_session_started_at timestamptz,
      remote_session_ended_at timestamptz,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(queueTableSql(`${schema}.level2_queue`));
    await queryRunner.query(
      `CREATE INDEX level2_queue_assignee ON ${schema}.level2_queue (assignee)`,
    );
    await queryRunner.query(timelineTableSql(`${schema}.level2_timeline`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.level2_timeline`);
    await queryRunner.query(`DROP TABLE ${schema}.level2_queue`);
    await queryRunner.query(`DROP TABLE ${schema}.level2_tickets`);
  }
}
