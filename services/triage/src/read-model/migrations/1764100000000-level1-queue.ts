import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * Every ticket triage has seen, with where it stands: the level-1 queue is the part that
 * level 1 owns and that is not closed. Escalated tickets stay (marked by `owner`) so that
 * level 1 can still look them up. Beside it, each ticket's timeline of events.
 */
export class Level1Queue1764100000000 implements MigrationInterface {
  name = 'Level1Queue1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.level1_queue (
      ticket_id uuid PRIMARY KEY,
      summary text NOT NULL,
      description text NOT NULL,
      category text NOT NULL,
      channel text NOT NULL,
      requester_name text NOT NULL,
      requester_email text NOT NULL,
      impact text NOT NULL,
      urgency text NOT NULL,
      priority text NOT NULL,
      priority_assessed boolean NOT NULL,
      owner text NOT NULL,
      status text NOT NULL,
      assignee text,
      submitted_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX level1_queue_open ON ${schema}.level1_queue (priority, submitted_at)
       WHERE owner = 'L1' AND status <> 'closed'`,
    );
    await queryRunner.query(
      `CREATE INDEX level1_queue_assignee ON ${schema}.level1_queue (assignee)
       WHERE owner = 'L1' AND status <> 'closed'`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.ticket_timeline (
      ticket_id uuid NOT NULL,
      sequence integer NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      producer text NOT NULL,
      actor jsonb NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (ticket_id, sequence))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.ticket_timeline`);
    await queryRunner.query(`DROP TABLE ${schema}.level1_queue`);
  }
}
