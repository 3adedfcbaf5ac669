import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * The requester's callback phone (TicketSubmitted version 2). Null for the tickets already
 * there: submitted at version 1, their requesters left none.
 */
export class Level1RequesterPhone1764600000000 implements MigrationInterface {
  name = 'Level1RequesterPhone1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${schemaOf(queryRunner)}.level1_queue ADD COLUMN requester_phone text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${schemaOf(queryRunner)}.level1_queue DROP COLUMN requester_phone`,
    );
  }
}
