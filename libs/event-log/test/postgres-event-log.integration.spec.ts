import { Client } from 'pg';
import { uniqueName } from '@helpdesk/testing';
import { PostgresEventLog } from '../src';
import { describeEventLogContract } from './event-log.contract';
import { connectDescribedLog } from './support/connect-described-log';
import { ChildLogDescription, LogUnderTest } from './support/log-under-test';

function databaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is set by the jest global setup');
  return url;
}

async function admin<T>(statement: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await statement(client);
  } finally {
    await client.end();
  }
}

function describeLog(connectionString: string, partitions: number): ChildLogDescription {
  return {
    adapter: 'postgres',
    connectionString,
    schema: uniqueName('log').replace('-', '_'),
    partitions,
  };
}

const postgresLog: LogUnderTest = {
  async newLog(partitions) {
    const description = describeLog(databaseUrl(), partitions);
    return {
      description,
      connect: () => connectDescribedLog(description, 'test'),
    };
  },

  // The log in a database of its own, which the test closes to connections (and kicks out the
  // ones open) while the outbox's database stays up.
  async newInterruptibleLog(partitions) {
    const database = uniqueName('log_db').replace('-', '_');
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
    const url = new URL(databaseUrl());
    url.pathname = `/${database}`;
    const description = describeLog(url.toString(), partitions);
    return {
      description,
      connect: () => connectDescribedLog(description, 'test'),
      takeDown: () =>
        admin(async (client) => {
          await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
          await client.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
            [database],
          );
        }),
      bringBack: () =>
        admin(async (client) => {
          await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
        }),
      dispose: () =>
        admin(async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        }),
    };
  },
};

describeEventLogContract('PostgreSQL', () => postgresLog);

describe('PostgreSQL event log', () => {
  it('keeps the partition count it was created with', async () => {
    const schema = uniqueName('log').replace('-', '_');
    const first = new PostgresEventLog({ connectionString: databaseUrl(), schema, partitions: 3 });
    const second = new PostgresEventLog({ connectionString: databaseUrl(), schema, partitions: 9 });
    try {
      await first.ensureCreated();
      await second.ensureCreated();
      expect(await second.partitionRanges()).toHaveLength(3);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
