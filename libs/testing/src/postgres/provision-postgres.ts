import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { isDockerAvailable } from '../support/docker';

const POSTGRES_IMAGE = 'postgres:15-alpine';
const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_SERVER_TIMEOUT_MS = 2_000;

export interface ProvisionedPostgres {
  url: string;
  source: 'env' | 'testcontainers' | 'local server' | 'embedded';
  /** Releases what was started (nothing for DATABASE_URL and the local server). */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server for tests: DATABASE_URL if set, else a testcontainers PostgreSqlContainer
 * if a container engine answers, else the local server on 127.0.0.1:5432 (trust auth) if it
 * answers, else an embedded one.
 */
export async function startPostgres(): Promise<ProvisionedPostgres> {
  const fromEnv = process.env['DATABASE_URL'];
  if (fromEnv) return { url: fromEnv, source: 'env', stop: async () => undefined };
  if (await isDockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
    return {
      url: container.getConnectionUri(),
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  }
  if (await answersSelectOne(LOCAL_SERVER_URL)) {
    return { url: LOCAL_SERVER_URL, source: 'local server', stop: async () => undefined };
  }
  return { ...(await startEmbeddedPostgres()), source: 'embedded' };
}

async function answersSelectOne(url: string): Promise<boolean> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: LOCAL_SERVER_TIMEOUT_MS,
    query_timeout: LOCAL_SERVER_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
