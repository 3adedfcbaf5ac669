import { spawn } from 'node:child_process';
import { Dirent } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { whenExited } from './child-exit';
import { relativeToWorkspace, workspaceRoot } from './paths';
import { SERVICE_NAMES, ServiceName, compiledDir } from './services';

/** The production build, as `nx build` and the Dockerfiles run it (for one service each). */
const BUILD_SCRIPT = path.join(workspaceRoot, 'tools/deploy/build-service.js');

/** Written into each dist once built: when the build started reading the sources. */
const STAMP = '.built-from-sources-of.json';

/** Held while a build runs: jest workers, the bench and `npm start` may all want one at once. */
const LOCK = path.join(workspaceRoot, '.cache/service-build.lock');
/** A lock older than this whose holder cannot be told (no pid yet) was left by a crash. */
const ABANDONED_LOCK_MS = 10 * 60_000;

/** Inputs of the build besides the sources of the services and of the libraries they use. */
const BUILD_FILES = ['tsconfig.base.json', 'package-lock.json', 'tools/deploy/build-service.js'];

export type BuildState = { fresh: true } | { fresh: false; reason: string };

export interface BuildReport {
  /** Did this call build? False when the build was fresh, or another process just made it. */
  built: boolean;
  /** Why it built. */
  reason?: string;
  seconds?: number;
}

export interface BuildOptions {
  /** Told when a build starts (with why) and when this process waits for another's. */
  onProgress?: (line: string) => void;
}

/**
 * Makes sure services/<name>/dist holds the production build of every service, built from the
 * sources as they are now: builds all of them in one go (one TypeScript program, see
 * tools/deploy/build-service.js) when any is missing or older than its sources. One build at a
 * time on the machine; a process that waited for another's build uses it if it is fresh.
 * Throws with tsc's messages when the code does not compile.
 */
export async function ensureServicesBuilt(options: BuildOptions = {}): Promise<BuildReport> {
  const first = await buildState();
  if (first.fresh) return { built: false };
  return withBuildLock(options, async () => {
    // Another process may have built while this one waited for the lock.
    const state = await buildState();
    if (state.fresh) return { built: false };
    options.onProgress?.(`building the services (${state.reason})...`);
    const startedAt = Date.now();
    await runBuild([...SERVICE_NAMES], startedAt);
    return { built: true, reason: state.reason, seconds: (Date.now() - startedAt) / 1000 };
  });
}

/**
 * Fresh when every service's dist was built from sources that have not changed since: its
 * own `src/`, the libraries its dist holds (`src/` and `assets/`), the tsconfigs, the lockfile
 * and the build script. Specs are no input: the build leaves them out.
 */
export async function buildState(): Promise<BuildState> {
  for (const name of SERVICE_NAMES) {
    const builtAt = await stampOf(name);
    if (builtAt === undefined) {
      return { fresh: false, reason: `${relativeToWorkspace(compiledDir(name))} is missing` };
    }
    const newest = await newestInput(name);
    if (newest && newest.mtimeMs > builtAt) {
      return {
        fresh: false,
        reason: `${relativeToWorkspace(newest.file)} changed since the last build`,
      };
    }
  }
  return { fresh: true };
}

async function runBuild(names: ServiceName[], startedAt: number): Promise<void> {
  const child = spawn(process.execPath, [BUILD_SCRIPT, ...names], {
    cwd: workspaceRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = await whenExited(child);
  if (exit.code !== 0) {
    throw new Error(
      `the services do not build (node ${relativeToWorkspace(BUILD_SCRIPT)} ${names.join(' ')}):\n` +
        output.trimEnd(),
    );
  }
  // The start of the build: a source saved while tsc ran is newer, and builds again next time.
  for (const name of names) {
    await writeFile(
      path.join(compiledDir(name), STAMP),
      `${JSON.stringify({ sourcesAsOf: new Date(startedAt).toISOString() })}\n`,
    );
  }
}

async function stampOf(name: ServiceName): Promise<number | undefined> {
  try {
    const stamp = JSON.parse(await readFile(path.join(compiledDir(name), STAMP), 'utf8')) as {
      sourcesAsOf?: unknown;
    };
    const at = typeof stamp.sourcesAsOf === 'string' ? Date.parse(stamp.sourcesAsOf) : NaN;
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}

async function newestInput(
  name: ServiceName,
): Promise<{ file: string; mtimeMs: number } | undefined> {
  const libs = await readdir(path.join(compiledDir(name), 'libs')).catch(() => []);
  const folders = [
    path.join(workspaceRoot, 'services', name, 'src'),
    ...libs.flatMap((lib) => [
      path.join(workspaceRoot, 'libs', lib, 'src'),
      path.join(workspaceRoot, 'libs', lib, 'assets'),
    ]),
  ];
  const files = [
    ...BUILD_FILES.map((file) => path.join(workspaceRoot, file)),
    path.join(workspaceRoot, 'services', name, 'tsconfig.app.json'),
    ...(await Promise.all(folders.map(filesUnder))).flat(),
  ];
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const file of files) {
    const mtimeMs = await stat(file).then(
      (stats) => stats.mtimeMs,
      () => 0,
    );
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

async function filesUnder(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries.map((entry) => {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) return filesUnder(file);
      return Promise.resolve(entry.name.endsWith('.spec.ts') ? [] : [file]);
    }),
  );
  return nested.flat();
}

async function withBuildLock<T>(options: BuildOptions, work: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(LOCK), { recursive: true });
  let told = false;
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await abandoned()) {
      await rm(LOCK, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      options.onProgress?.('waiting for the build another process is running...');
      told = true;
    }
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** The lock's holder is gone (killed mid-build), or left no pid long ago. */
async function abandoned(): Promise<boolean> {
  const pid = Number(await readFile(path.join(LOCK, 'pid'), 'utf8').catch(() => ''));
  if (Number.isInteger(pid) && pid > 0) return !isRunning(pid);
  const since = await stat(LOCK).then(
    (stats) => Date.now() - stats.mtimeMs,
    () => 0,
  );
  return since > ABANDONED_LOCK_MS;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
