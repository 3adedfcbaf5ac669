import path from 'node:path';

export const workspaceRoot = path.resolve(__dirname, '../../..');

export const launcherDir = path.join(workspaceRoot, 'tools/launcher');

/** Git-ignored folder for the data the product keeps between runs. */
export const dataDir = path.join(workspaceRoot, '.data');

/** The workspace-relative form of `absolute`, for messages. */
export function relativeToWorkspace(absolute: string): string {
  return path.relative(workspaceRoot, absolute) || '.';
}
