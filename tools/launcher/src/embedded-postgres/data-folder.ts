import { readdir, rename, rm, stat } from 'node:fs/promises';

/**
 * Where a cluster's data folder stands: `initialised` once initdb has completed there. initdb
 * works in a side folder that is moved into place at the end, so a folder interrupted halfway
 * never passes for an initialised one.
 */
export async function dataFolderState(dir: string): Promise<'initialised' | 'missing'> {
  if (await exists(`${dir}/PG_VERSION`)) return 'initialised';
  if (!(await exists(dir))) return 'missing';
  if ((await readdir(dir)).length === 0) {
    await rm(dir, { recursive: true });
    return 'missing';
  }
  throw new Error(`${dir} exists but is not a PostgreSQL data folder; move it away or remove it`);
}

/** Runs `initdb` (the callback) in `<dir>.partial`, then moves the result to `dir`. */
export async function initialiseDataFolder(
  dir: string,
  initdb: (partialDir: string) => Promise<void>,
): Promise<void> {
  const partialDir = `${dir}.partial`;
  await rm(partialDir, { recursive: true, force: true });
  await initdb(partialDir);
  await rename(partialDir, dir);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
