import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/** One specialist per usual domain, so a fresh installation has someone in every queue. */
const SEED: readonly [id: string, name: string, domain: string][] = [
  ['specialist-network', 'Nadia Okafor', 'network'],
  ['specialist-security', 'Samir Haddad', 'security'],
  ['specialist-business-application', 'Beatriz Costa', 'business-application'],
  ['specialist-hardware', 'Hiroshi Tanaka', 'hardware'],
  ['specialist-operating-system', 'Olga Ivanova', 'operating-system'],
];

/** The specialists of level 3 and their domains. */
export class Specialists1764200000000 implements MigrationInterface {
  name = 'Specialists1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.specialists (
      id text PRIMARY KEY,
      name text NOT NULL,
      domains text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(
      `CREATE INDEX specialists_domains ON ${schema}.specialists USING gin (domains)`,
    );
    for (const [id, name, domain] of SEED) {
      await queryRunner.query(
        `INSERT INTO ${schema}.specialists (id, name, domains) VALUES ($1, $2, $3)`,
        [id, name, [domain]],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.specialists`);
  }
}
