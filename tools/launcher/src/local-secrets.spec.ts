import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localSecrets } from './local-secrets';

describe('localSecrets', () => {
  let file: string;
  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(tmpdir(), 'launcher-secrets-')), '.data/secrets.json');
  });
  afterEach(() => rm(path.dirname(path.dirname(file)), { recursive: true, force: true }));

  it('generates the missing secrets once, saves them for the owner only, and reuses them', async () => {
    const first = await localSecrets({}, file);
    const second = await localSecrets({}, file);

    expect(first.generated).toEqual(['INTERNAL_API_TOKEN', 'AUTH_SECRET', 'ADMIN_API_TOKEN']);
    expect(first.values.AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual({ values: first.values, generated: [] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(first.values);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('prefers the environment, and saves nothing it did not generate', async () => {
    const secrets = await localSecrets({ AUTH_SECRET: 'from-the-environment' }, file);

    expect(secrets.values.AUTH_SECRET).toBe('from-the-environment');
    expect(secrets.generated).toEqual(['INTERNAL_API_TOKEN', 'ADMIN_API_TOKEN']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      INTERNAL_API_TOKEN: secrets.values.INTERNAL_API_TOKEN,
      ADMIN_API_TOKEN: secrets.values.ADMIN_API_TOKEN,
    });
  });
});
