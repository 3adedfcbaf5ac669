import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The secrets every service requires (see ServiceSettings in libs/event-log-nest), all 64 hex
 * characters, above each one's minimum length.
 */
export const SECRET_NAMES = ['INTERNAL_API_TOKEN', 'AUTH_SECRET', 'ADMIN_API_TOKEN'] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

export interface LocalSecrets {
  values: Record<SecretName, string>;
  /** The ones generated just now (and saved for the next runs). */
  generated: SecretName[];
}

/**
 * The services' secrets: from the environment when set, else from `file`, else generated and
 * saved there, so that technicians' sessions stay valid across restarts of the local product.
 */
export async function localSecrets(
  environment: NodeJS.ProcessEnv,
  file: string,
): Promise<LocalSecrets> {
  const saved = await readSaved(file);
  const values = {} as Record<SecretName, string>;
  const generated: SecretName[] = [];
  for (const name of SECRET_NAMES) {
    const value = environment[name] || saved[name];
    if (value) {
      values[name] = value;
    } else {
      values[name] = randomBytes(32).toString('hex');
      saved[name] = values[name];
      generated.push(name);
    }
  }
  if (generated.length > 0) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  }
  return { values, generated };
}

async function readSaved(file: string): Promise<Partial<Record<SecretName, string>>> {
  try {
    const saved: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof saved !== 'object' || saved === null) return {};
    return Object.fromEntries(
      Object.entries(saved).filter(
        (entry): entry is [SecretName, string] =>
          (SECRET_NAMES as readonly string[]).includes(entry[0]) && typeof entry[1] === 'string',
      ),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
