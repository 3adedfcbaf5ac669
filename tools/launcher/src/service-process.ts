import { spawn } from 'node:child_process';
import path from 'node:path';
import { ChildExit, terminate, whenExited } from './child-exit';
import { LineSink, forwardLines } from './output';
import { workspaceRoot } from './paths';
import { ServiceName, ServiceRuntime, entryPoint, serviceTsconfig } from './services';

export const STOP_GRACE_MS = 10_000;

const SERVICE_GUARD = path.join(__dirname, 'service-guard.js');

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
  /**
   * `compiled` (the default): the production build's main.js, as the image runs it; build it
   * first (ensureServicesBuilt). `sources`: main.ts through @swc-node/register, as `nx serve`.
   */
  runtime?: ServiceRuntime;
  /** The V8 heap limit in MiB (node --max-old-space-size); node's own default when undefined. */
  heapMiB?: number;
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

/** Runs one service: compiled, as its image runs it, or from its sources, as `nx serve` does. */
export function spawnService({
  name,
  port,
  env,
  onLine,
  runtime = 'compiled',
  heapMiB,
  nodeArguments = [],
}: ServiceProcessOptions): ServiceProcess {
  const child = spawn(
    process.execPath,
    [...nodeOptions(runtime, heapMiB, nodeArguments), entryPoint(name, runtime)],
    {
      cwd: workspaceRoot,
      env: {
        ...sharedEnvironment(process.env),
        ...env,
        ...(runtime === 'sources' ? { SWC_NODE_PROJECT: serviceTsconfig(name) } : {}),
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

/**
 * node's options for a service: those of its image for the compiled code (source maps for the
 * stack traces, the heap limit), the loader for the sources; then the guard.
 */
export function nodeOptions(
  runtime: ServiceRuntime,
  heapMiB: number | undefined,
  extra: readonly string[] = [],
): string[] {
  return [
    ...(runtime === 'compiled' ? ['--enable-source-maps'] : []),
    ...(heapMiB === undefined ? [] : [`--max-old-space-size=${heapMiB}`]),
    ...extra,
    ...(runtime === 'sources' ? ['-r', '@swc-node/register'] : []),
    '-r',
    SERVICE_GUARD,
  ];
}

function sharedEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !PER_SERVICE_VARIABLES.has(entry[0]),
    ),
  );
}
