import { spawn } from 'node:child_process';
import path from 'node:path';
import { ChildExit, terminate, whenExited } from './child-exit';
import { LineSink, forwardLines } from './output';
import { workspaceRoot } from './paths';
import { ServiceName, entryPoint, serviceTsconfig } from './services';

export const STOP_GRACE_MS = 10_000;

const SERVICE_GUARD = path.join(__dirname, 'service-guard.ts');

/** The launcher's variables that must not reach all services alike: each gets its own. */
const PER_SERVICE_VARIABLES = new Set([
  'PORT',
  'DATABASE_SCHEMA',
  'SWC_NODE_PROJECT',
  'TS_NODE_PROJECT',
]);

export interface ServiceProcessOptions {
  name: ServiceName;
  port: number;
  /** Set on top of the launcher's environment: EVENT_LOG, DATABASE_URL, DATABASE_SCHEMA... */
  env: Readonly<Record<string, string>>;
  onLine: LineSink;
  /** Extra options for node itself, e.g. `--cpu-prof` to profile the service. */
  nodeArguments?: readonly string[];
}

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly port: number;
  readonly pid: number | undefined;
  /** Resolves once the process is gone, however it ended. */
  readonly exited: Promise<ChildExit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<ChildExit>;
}

/** Runs one service from its TypeScript sources, as `nx serve <name>` would. */
export function spawnService({
  name,
  port,
  env,
  onLine,
  nodeArguments = [],
}: ServiceProcessOptions): ServiceProcess {
  const child = spawn(
    process.execPath,
    [...nodeArguments, '-r', '@swc-node/register', '-r', SERVICE_GUARD, entryPoint(name)],
    {
      cwd: workspaceRoot,
      env: {
        ...sharedEnvironment(process.env),
        ...env,
        SWC_NODE_PROJECT: serviceTsconfig(name),
        PORT: String(port),
      },
      // The IPC channel is only there for the service guard to notice the launcher is gone.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  forwardLines(child, onLine);
  const exited = whenExited(child);
  return {
    name,
    port,
    pid: child.pid,
    exited,
    stop: (graceMs = STOP_GRACE_MS) => terminate(child, exited, graceMs),
  };
}

function sharedEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !PER_SERVICE_VARIABLES.has(entry[0]),
    ),
  );
}
