import { readBackOfficeSettings } from './back-office.settings';

describe('level 2 settings', () => {
  it('default to the example link template and the five usual domains', () => {
    const settings = readBackOfficeSettings({});
    expect(settings.REMOTE_SESSION_URL_TEMPLATE).toBe(
      'https://remote.example.com/session/{sessionId}?ticket={ticketId}',
    );
    expect(settings.specialistDomains).toEqual([
      'network',
      'security',
      'business-application',
      'hardware',
      'operating-system',
    ]);
  });

  it('read a comma list of domains, spaces allowed', () => {
    expect(
      readBackOfficeSettings({ SPECIALIST_DOMAINS: ' network , erp,network' }).specialistDomains,
    ).toEqual(['network', 'erp']);
  });

  it('refuse to start on a bad template or domain list, naming the variable', () => {
    expect(() =>
      readBackOfficeSettings({ REMOTE_SESSION_URL_TEMPLATE: 'https://rc.test/join' }),
    ).toThrow('REMOTE_SESSION_URL_TEMPLATE must contain {sessionId}');
    expect(() => readBackOfficeSettings({ SPECIALIST_DOMAINS: 'network,,Security' })).toThrow(
      'SPECIALIST_DOMAINS must be a comma-separated list',
    );
  });
});
