import { randomBytes } from 'node:crypto';

/** `<prefix>-<12 hex chars>`: a name no other test (or earlier run) uses, e.g. for topics and groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
