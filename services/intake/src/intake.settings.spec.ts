import { priorityMatrixFrom, readIntakeSettings, tierUrlOf } from './intake.settings';

describe('intake settings', () => {
  it('has defaults for the tiers and the email category', () => {
    const settings = readIntakeSettings({});
    expect(tierUrlOf(settings, 'L1')).toBe('http://127.0.0.1:3001');
    expect(tierUrlOf(settings, 'L2')).toBe('http://127.0.0.1:3002');
    expect(tierUrlOf(readIntakeSettings({ SPECIALIST_URL: 'http://l3:80/' }), 'L3')).toBe(
      'http://l3:80',
    );
    expect(settings.EMAIL_DEFAULT_CATEGORY).toBe('other');
    expect(settings.ADMIN_API_TOKEN).toBeUndefined();
  });

  it('has email off and notifications retried for hours by default', () => {
    const settings = readIntakeSettings({});
    expect(settings.SMTP_URL).toBeUndefined();
    expect(settings.MAIL_FROM).toBe('Helpdesk <helpdesk@localhost>');
    expect(settings.PORTAL_URL).toBe('http://localhost:3000/portal');
    expect(settings.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(settings.NOTIFICATION_RETRY_BASE_MS).toBe(30_000);
    expect(settings.NOTIFICATION_MAX_ATTEMPTS).toBe(12);
    expect(readIntakeSettings({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).SMTP_URL).toBe(
      'smtps://u:p@mail.example.com:465',
    );
  });

  it('names a wrong notification setting', () => {
    expect(() => readIntakeSettings({ SMTP_URL: 'mail.example.com' })).toThrow(
      'SMTP_URL must be an smtp:// or smtps:// URL',
    );
    expect(() => readIntakeSettings({ MAIL_FROM: 'helpdesk' })).toThrow('MAIL_FROM');
    expect(readIntakeSettings({ MAIL_FROM: 'it@example.com' }).MAIL_FROM).toBe('it@example.com');
    expect(() => readIntakeSettings({ PORTAL_URL: 'portal' })).toThrow('PORTAL_URL');
    expect(() => readIntakeSettings({ NOTIFICATION_MAX_ATTEMPTS: '0' })).toThrow(
      'NOTIFICATION_MAX_ATTEMPTS',
    );
  });

  it('names what is wrong', () => {
    expect(() => readIntakeSettings({ ADMIN_API_TOKEN: 'short' })).toThrow(
      'ADMIN_API_TOKEN must be at least 16 characters',
    );
    expect(() => readIntakeSettings({ TRIAGE_URL: 'triage' })).toThrow('TRIAGE_URL');
    expect(() => priorityMatrixFrom(readIntakeSettings({ PRIORITY_MATRIX: '{' }))).toThrow(
      /^PRIORITY_MATRIX (is not valid JSON|must be JSON)/,
    );
    expect(
      priorityMatrixFrom(readIntakeSettings({ PRIORITY_MATRIX: '{"low":{"low":"P3"}}' })).matrix.low
        .low,
    ).toBe('P3');
  });
});
