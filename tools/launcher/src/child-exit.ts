import { ChildProcess } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

/** Resolves once the child has exited, or has failed to start. Call it right after spawn. */
export function whenExited(child: ChildProcess): Promise<ChildExit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // 'error' before a pid means the process never ran (ENOENT, EACCES...). Later errors (a
    // failed kill or send) must not go unhandled either: they would crash the launcher.
    child.on('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** SIGTERM, then SIGKILL if the child is still running after `graceMs`; resolves once it is gone. */
export async function terminate(
  child: ChildProcess,
  exited: Promise<ChildExit>,
  graceMs: number,
): Promise<ChildExit> {
  if (hasExited(child)) return exited;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(killer);
  }
}

export function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not start (${exit.error.message})`;
  if (exit.signal) return `ended by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}
