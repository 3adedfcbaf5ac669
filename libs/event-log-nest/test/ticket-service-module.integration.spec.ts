import { INestApplicationContext, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';
import { uniqueName } from '@helpdesk/testing';
import { TicketServiceModule } from '../src';

/** A migration slow enough that two replicas starting together would overlap in it. */
class SlowTable1799999999999 implements MigrationInterface {
  name = 'SlowTable1799999999999';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_sleep(0.5)');
    await queryRunner.query(`CREATE TABLE ${schemaOf(queryRunner)}.slow_table (id int)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.slow_table`);
  }
}

describe('the service kernel at start', () => {
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  const schema = uniqueName('kernel').replace(/-/g, '_');
  const apps: INestApplicationContext[] = [];
  // TypeORM's module reports each failed attempt to start the DataSource, then retries.
  const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  afterAll(async () => {
    errors.mockRestore();
    await Promise.all(apps.map((app) => app.close()));
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  async function startReplica(): Promise<INestApplicationContext> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TicketServiceModule.forRoot({
          service: 'kernel-test',
          projection: `${schema}.read-model.v1`,
          migrations: [SlowTable1799999999999],
          environment: {
            DATABASE_URL: databaseUrl,
            DATABASE_SCHEMA: schema,
            EVENT_LOG: 'postgres',
            EVENT_LOG_SCHEMA: `${schema}_log`,
            INTERNAL_API_TOKEN: 'internal-token-for-the-tests',
            AUTH_SECRET: 'auth-secret-for-the-kernel-tests-0123456789',
          },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    return app.init();
  }

  it('lets replicas of a new service start together: they migrate one after the other', async () => {
    await expect(
      Promise.all([startReplica(), startReplica(), startReplica()]),
    ).resolves.toHaveLength(3);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM "${schema}".migrations WHERE name = 'SlowTable1799999999999'`,
    );
    await client.end();
    expect(Number(rows[0]?.count)).toBe(1);
    // Without the lock they would collide, and TypeORM would only get there by retrying.
    expect(errors).not.toHaveBeenCalled();
  });
});
