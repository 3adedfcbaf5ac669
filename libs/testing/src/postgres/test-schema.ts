import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestSchema {
  /** `t_<hex>`: safe to put into SQL unquoted. */
  schema: string;
  /** Drops the schema with everything in it. */
  drop: () => Promise<void>;
}

/** A fresh, empty schema so a test's tables do not meet another test's. */
export async function createTestSchema(databaseUrl: string): Promise<TestSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await execute(databaseUrl, `create schema ${schema}`);
  return { schema, drop: () => execute(databaseUrl, `drop schema if exists ${schema} cascade`) };
}

async function execute(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
