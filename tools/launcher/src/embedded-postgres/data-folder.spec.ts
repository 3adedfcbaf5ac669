import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dataFolderState, initialiseDataFolder } from './data-folder';

describe('the embedded cluster data folder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'launcher-data-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is initialised once initdb has written PG_VERSION, and missing before', async () => {
    const dir = path.join(root, 'postgres');
    expect(await dataFolderState(dir)).toBe('missing');

    await initialiseDataFolder(dir, async (partialDir) => {
      await mkdir(partialDir);
      await writeFile(path.join(partialDir, 'PG_VERSION'), '18');
    });

    expect(await dataFolderState(dir)).toBe('initialised');
    expect(await readdir(root)).toEqual(['postgres']);
  });

  it('leaves nothing that passes for a cluster when initdb fails halfway', async () => {
    const dir = path.join(root, 'postgres');
    const failingInitdb = async (partialDir: string) => {
      await mkdir(partialDir);
      await writeFile(path.join(partialDir, 'PG_VERSION'), '18');
      throw new Error('initdb failed');
    };

    await expect(initialiseDataFolder(dir, failingInitdb)).rejects.toThrow('initdb failed');

    expect(await dataFolderState(dir)).toBe('missing');
  });

  it('refuses a folder with other things in it', async () => {
    const dir = path.join(root, 'postgres');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');

    await expect(dataFolderState(dir)).rejects.toThrow('is not a PostgreSQL data folder');
  });
});
