import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/** Every service's copy of every ticket's lifecycle: ownership and status, for its commands. */
export class TicketLifecycleTable1764000000002 implements MigrationInterface {
  name = 'TicketLifecycleTable1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.ticket_lifecycle (
      ticket_id uuid PRIMARY KEY,
      sequence integer NOT NULL,
      state jsonb NOT NULL,
      owner text NOT NULL,
      status text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.ticket_lifecycle`);
  }
}
