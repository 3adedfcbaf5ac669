import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { uniqueName, waitFor } from '@helpdesk/testing';

const WORKSPACE = path.join(__dirname, '../../../..');

/**
 * Level 2 (back-office) as the real service it is: its own process, from its sources, on the
 * same Kafka topic, with its own schema. Used to see what level 2 makes of an escalation.
 */
export class Level2Process {
  private readonly lines: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly schema: string,
    private readonly databaseUrl: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 50));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** `environment`: the log, the secrets and anything else; the port and schema are its own. */
  static async start(environment: Record<string, string>): Promise<Level2Process> {
    const databaseUrl = environment['DATABASE_URL'] ?? '';
    const schema = uniqueName('back_office_sla').replace(/-/g, '_');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(WORKSPACE, 'services/back-office/src/main.ts')],
      {
        cwd: WORKSPACE,
        env: {
          ...process.env,
          ...environment,
          DATABASE_SCHEMA: schema,
          PORT: String(port),
          HOST: '127.0.0.1',
          SWC_NODE_PROJECT: path.join(WORKSPACE, 'services/back-office/tsconfig.json'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const level2 = new Level2Process(child, port, schema, databaseUrl);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`back-office exited (${child.exitCode})`);
          return (await fetch(level2.url('/health/ready'))).ok;
        },
        { description: 'back-office to be ready', timeoutMs: 90_000, intervalMs: 250 },
      );
    } catch (error) {
      await level2.stop();
      throw level2.explained(error);
    }
    return level2;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  /** Runs `step`; its failure carries the recent output of the process. */
  async explainedIfFailing<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.explained(error);
    }
  }

  private explained(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`${message}\n--- back-office output:\n${this.lines.join('\n')}`);
  }

  /** SIGTERM (SIGKILL after 10 s), then drops its schema. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(this.schema)} CASCADE`);
    } finally {
      await client.end();
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
