import path from 'node:path';

export const workspaceRoot = path.resolve(__dirname, '../../../..');

/** Git-ignored folder for downloaded jars and the data of locally started servers. */
export const cacheDir = path.join(workspaceRoot, '.cache');
