import { readFileSync } from 'node:fs';
import { sleep } from './wait-for';

/**
 * Whether `pid` is a live process. A zombie counts as gone: a broker restarted by a test worker
 * is re-parented when that worker exits, and the new parent may never reap it.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return processState(pid) !== 'Z';
}

/** SIGTERM, then SIGKILL if `pid` is still running after `graceMs`; resolves once it is gone. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await exited(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  if (!(await exited(pid, 5_000))) throw new Error(`Process ${pid} survived SIGKILL`);
}

/** The process's command line (Linux), to tell a recorded pid from an unrelated process reusing it. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    return process.kill(pid, name);
  } catch {
    return false;
  }
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** The state letter from /proc/<pid>/stat (Linux only; undefined elsewhere). */
function processState(pid: number): string | undefined {
  try {
    // "<pid> (<command>) <state> ...", where the command may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  } catch {
    return undefined;
  }
}
