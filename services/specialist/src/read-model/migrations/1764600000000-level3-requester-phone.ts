import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * The requester's callback phone (TicketSubmitted version 2). Null for the tickets already
 * there: submitted at version 1, their requesters left none.
 */
export class Level3RequesterPhone1764600000000 implements MigrationInterface {
  name = 'Level3RequesterPhone1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${schemaOf(queryRunner)}.level3_tickets ADD COLUMN requester_phone text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${schemaOf(queryRunner)}.level3_tickets DROP COLUMN requester_phone`,
    );
  }
}
