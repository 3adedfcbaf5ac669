import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * Technician accounts (intake signs technicians in for every tier) and the failed sign-ins
 * that throttle guessing. Intake's own state: a read-model rebuild never touches them.
 */
export class TechnicianAccounts1764100000002 implements MigrationInterface {
  name = 'TechnicianAccounts1764100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.technician_accounts (
      id text PRIMARY KEY,
      name text NOT NULL,
      level text NOT NULL CHECK (level IN ('L1', 'L2', 'L3')),
      supervisor boolean NOT NULL DEFAULT false,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz)`);
    await queryRunner.query(`CREATE TABLE ${schema}.sign_in_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.sign_in_failures`);
    await queryRunner.query(`DROP TABLE ${schema}.technician_accounts`);
  }
}
