import { readLauncherConfig } from './launcher-config';

describe('readLauncherConfig', () => {
  it('defaults to an embedded PostgreSQL on 5433 and the services on 3000..3003', () => {
    const config = readLauncherConfig({});

    expect(config.databaseUrl).toBeUndefined();
    expect(config.embeddedPostgres).toEqual({
      dataDir: expect.stringMatching(/\/\.data\/postgres$/),
      port: 5433,
      database: 'helpdesk',
    });
    expect(config.servicePorts).toEqual({
      intake: 3000,
      triage: 3001,
      'back-office': 3002,
      specialist: 3003,
    });
    expect(config.heapMiB).toEqual({
      intake: 256,
      triage: 192,
      'back-office': 192,
      specialist: 192,
    });
    expect(config.serviceHost).toBe('localhost');
    expect(config.probeHost).toBe('127.0.0.1');
    expect(config.secretsFile).toMatch(/\/\.data\/local-secrets\.json$/);
  });

  it('takes DATABASE_URL and the ports from the environment', () => {
    const config = readLauncherConfig({
      DATABASE_URL: 'postgres://app@db:5432/helpdesk',
      BACK_OFFICE_PORT: '4002',
      EMBEDDED_PG_PORT: '6543',
    });

    expect(config.databaseUrl).toBe('postgres://app@db:5432/helpdesk');
    expect(config.servicePorts['back-office']).toBe(4002);
    expect(config.embeddedPostgres.port).toBe(6543);
  });

  it('takes each service’s heap limit from <NAME>_HEAP_MIB', () => {
    const config = readLauncherConfig({ INTAKE_HEAP_MIB: '320', BACK_OFFICE_HEAP_MIB: '128' });

    expect(config.heapMiB).toMatchObject({ intake: 320, 'back-office': 128, triage: 192 });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      readLauncherConfig({
        DATABASE_URL: 'mysql://x',
        TRIAGE_PORT: 'abc',
        SPECIALIST_PORT: '3000',
        SPECIALIST_HEAP_MIB: '32',
      }),
    ).toThrow(
      [
        'Invalid configuration:',
        '  - DATABASE_URL must be a postgres:// URL',
        '  - TRIAGE_PORT must be a port number (1-65535), got "abc"',
        '  - SPECIALIST_HEAP_MIB must be a whole number of MiB, at least 64, got "32"',
        '  - intake and specialist would share port 3000',
      ].join('\n'),
    );
  });
});
