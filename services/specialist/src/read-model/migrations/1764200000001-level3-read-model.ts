import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';
import { queueTableSql, timelineTableSql } from '@helpdesk/tier-desk';

/** Level 3's read model: what it knows of tickets, its queues per domain, their timelines. */
export class Level3ReadModel1764200000001 implements MigrationInterface {
  name = 'Level3ReadModel1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.level3_tickets (
      ticket_id uuid PRIMARY KEY,
      summary text NOT NULL,
      description text NOT NULL,
      category text NOT NULL,
      requester_name text NOT NULL,
      requester_email text NOT NULL,
      priority text,
      submitted_at timestamptz NOT NULL,
      level2_diagnosis text,
      level2_outcome text,
      escalation_reason text,
      qualified_domain text,
      first_reached_at timestamptz,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(queueTableSql(`${schema}.level3_queue`, ['domain text NOT NULL']));
    await queryRunner.query(
      `CREATE INDEX level3_queue_domain ON ${schema}.level3_queue (domain, assignee)`,
    );
    await queryRunner.query(timelineTableSql(`${schema}.level3_timeline`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.level3_timeline`);
    await queryRunner.query(`DROP TABLE ${schema}.level3_queue`);
    await queryRunner.query(`DROP TABLE ${schema}.level3_tickets`);
  }
}
