import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

/** The demo's people: one technician per tier and a supervisor (the L3 one is a seeded specialist). */
export const DEMO_TECHNICIANS = [
  { id: 'alex.l1', name: 'Alex Martin', level: 'L1', supervisor: false },
  { id: 'bea.l2', name: 'Bea Schmidt', level: 'L2', supervisor: false },
  { id: 'specialist-network', name: 'Nadia Okafor', level: 'L3', supervisor: false },
  { id: 'sam.supervisor', name: 'Sam Rivera', level: 'L1', supervisor: true },
] as const;

export interface DemoCredentials {
  technicians: { id: string; name: string; level: string; supervisor: boolean; password: string }[];
  integratorKey: string;
}

export interface SeedTarget {
  /** intake's base URL, e.g. http://127.0.0.1:3000 */
  intakeUrl: string;
  adminToken: string;
}

/**
 * On a first start (no technician account yet), creates the demo's technicians and an
 * integrator key through intake's admin API, with generated passwords, and writes them to
 * `file` (mode 600), like a first-run admin password. Later starts find the accounts and keep
 * them. Resolves with the credentials when it seeded, undefined when there was nothing to do.
 */
export async function seedDemo(
  target: SeedTarget,
  file: string,
): Promise<DemoCredentials | undefined> {
  const admin = (path: string, init: { method: string; body?: unknown } = { method: 'GET' }) =>
    callAdmin(target, path, init);
  const existing = (await admin('/api/v1/admin/technicians')) as unknown[];
  if (existing.length > 0) return undefined;

  const technicians = [];
  for (const technician of DEMO_TECHNICIANS) {
    const password = randomBytes(12).toString('base64url');
    await admin('/api/v1/admin/technicians', { method: 'POST', body: { ...technician, password } });
    technicians.push({ ...technician, password });
  }
  const { key } = (await admin('/api/v1/admin/integrator-keys', {
    method: 'POST',
    body: { name: 'Demo integration' },
  })) as { key: string };
  const credentials = { technicians, integratorKey: key };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

async function callAdmin(
  target: SeedTarget,
  path: string,
  init: { method: string; body?: unknown },
): Promise<unknown> {
  const response = await fetch(`${target.intakeUrl}${path}`, {
    method: init.method,
    headers: {
      authorization: `Bearer ${target.adminToken}`,
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) {
    throw new Error(
      `seeding the demo: ${init.method} ${path} answered ${response.status}: ${await response.text()}`,
    );
  }
  return response.json();
}
