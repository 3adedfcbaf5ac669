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
