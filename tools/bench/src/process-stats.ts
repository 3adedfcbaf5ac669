import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const KIB = 1024;
const MIB = 1024 * 1024;

/** The pid listening on a local TCP port (Linux /proc), or undefined if none can be seen. */
export function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readLines(table).slice(1)) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(':').pop() ?? '', 16);
      // State 0A is LISTEN; field 9 is the socket's inode.
      if (localPort === port && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of allPids()) {
    for (const fd of safe(() => readdirSync(`/proc/${pid}/fd`), [])) {
      const target = safe(() => readlinkSync(`/proc/${pid}/fd/${fd}`), '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  return undefined;
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    (children.get(pid) ?? []).forEach(visit);
  };
  visit(root);
  return tree;
}

export interface ResidentMemory {
  /** Resident now (VmRSS). */
  rss: number;
  /** The most it was resident since it started (VmHWM). */
  peak: number;
  /** Of `rss`: private (anonymous) pages, and pages of files and shared memory others may map too. */
  anonymous: number;
  file: number;
  shared: number;
}

/** Bytes resident, or undefined once the process is gone: /proc/<pid>/status, cheap to read. */
export function residentMemory(pid: number): ResidentMemory | undefined {
  const status = safe(() => readFileSync(`/proc/${pid}/status`, 'utf8'), undefined);
  if (status === undefined) return undefined;
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * KIB;
  return {
    rss: field('VmRSS'),
    peak: field('VmHWM'),
    anonymous: field('RssAnon'),
    file: field('RssFile'),
    shared: field('RssShmem'),
  };
}

/**
 * The resident memory of a group of processes that share memory, as PostgreSQL's do (shared
 * buffers, the same binary): each one's private pages, plus the shared and file pages once (the
 * largest mapping of them). Summing RSS would count the shared buffers in every backend.
 */
export function groupMemory(pids: readonly number[]): number | undefined {
  const all = pids.flatMap((pid) => residentMemory(pid) ?? []);
  if (all.length === 0) return undefined;
  const largest = (pick: (memory: ResidentMemory) => number) => Math.max(...all.map(pick));
  return (
    all.reduce((sum, memory) => sum + memory.anonymous, 0) +
    largest((memory) => memory.shared) +
    largest((memory) => memory.file)
  );
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream build). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used, in ms (user + system), with `withReapedChildren` the time of
 * its children that have ended too (PostgreSQL's backends that came and went). Undefined
 * once it is gone.
 */
export function cpuTimeMs(pid: number, withReapedChildren = false): number | undefined {
  const stat = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name: state is [0], utime [11], stime [12], cutime [13], cstime [14].
  const rest = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const ticks =
    (rest[11] ?? 0) +
    (rest[12] ?? 0) +
    (withReapedChildren ? (rest[13] ?? 0) + (rest[14] ?? 0) : 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export function toMiB(bytes: number): number {
  return Math.round((bytes / MIB) * 10) / 10;
}

function parentOf(pid: number): number | undefined {
  const stat = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  // The command name (field 2) may hold spaces and parentheses: fields follow the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(rest[1]);
  return Number.isInteger(parent) && parent > 0 ? parent : undefined;
}

function allPids(): number[] {
  return safe(() => readdirSync('/proc'), [])
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

function readLines(file: string): string[] {
  return safe(() => readFileSync(file, 'utf8'), '').split('\n');
}

/** /proc entries vanish as processes end, and are unreadable off Linux: both are "nothing". */
function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
