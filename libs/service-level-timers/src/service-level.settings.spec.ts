import { readSettings } from '@helpdesk/event-log-nest';
import { ServiceLevelSettings } from './service-level.settings';

describe('service-level settings', () => {
  it('default to the built-in policy and calendar, checked every 30 seconds', () => {
    const settings = readSettings(ServiceLevelSettings, {});
    expect(settings.SLA_POLICY).toBeUndefined();
    expect(settings.SLA_CALENDAR).toBeUndefined();
    expect(settings.SLA_CHECK_INTERVAL_MS).toBe(30_000);
  });

  it('take a policy, a calendar and an interval from the environment', () => {
    const settings = readSettings(ServiceLevelSettings, {
      SLA_POLICY: '{"P1":{"L1":{"firstResponseMinutes":10}}}',
      SLA_CALENDAR: '{"timeZone":"Europe/Paris"}',
      SLA_CHECK_INTERVAL_MS: '5000',
    });
    expect(settings.SLA_CHECK_INTERVAL_MS).toBe(5_000);
  });

  it('stop the service with a message that names every wrong field', () => {
    const problems = () =>
      readSettings(ServiceLevelSettings, {
        SLA_POLICY: '{"P1":{"L1":{"firstResponseMinutes":0}}}',
        SLA_CALENDAR: '{"timeZone":"Nowhere/Else"}',
        SLA_CHECK_INTERVAL_MS: '50',
      });
    expect(problems).toThrow(/^Invalid configuration:\n/);
    expect(problems).toThrow(
      '  - SLA_POLICY P1.L1.firstResponseMinutes: must be at least 1 minute\n',
    );
    expect(problems).toThrow(
      '  - SLA_CALENDAR timeZone: is not a time zone (e.g. Europe/Paris, UTC)\n',
    );
    expect(problems).toThrow('  - SLA_CHECK_INTERVAL_MS must not be less than 100');
  });
});
