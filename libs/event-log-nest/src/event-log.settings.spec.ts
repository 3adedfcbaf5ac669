import { DatabaseSettings, EventLogSettings, readSettings } from './event-log.settings';
import { ServiceSettings } from './service.settings';

describe('settings from the environment', () => {
  it('applies the defaults and reads numbers', () => {
    const settings = readSettings(EventLogSettings, { EVENT_LOG_PARTITIONS: '6' });
    expect(settings).toMatchObject({
      EVENT_LOG: 'postgres',
      EVENT_LOG_TOPIC: 'helpdesk.ticket-events.v1',
      EVENT_LOG_PARTITIONS: 6,
      EVENT_LOG_SCHEMA: 'event_log',
    });
  });

  it('names every variable that is missing or wrong', () => {
    expect(() =>
      readSettings(EventLogSettings, {
        EVENT_LOG: 'kafka',
        KAFKA_BROKERS: 'nohost',
        EVENT_LOG_PARTITIONS: '0',
      }),
    ).toThrow(/KAFKA_BROKERS must be host:port[\s\S]*EVENT_LOG_PARTITIONS must not be less than 1/);
    expect(() =>
      readSettings(DatabaseSettings, { DATABASE_URL: 'mysql://x', DATABASE_SCHEMA: 'Bad-Name' }),
    ).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL[\s\S]*DATABASE_SCHEMA must be a lower-case identifier/,
    );
    expect(() => readSettings(ServiceSettings, { INTERNAL_API_TOKEN: 'short' })).toThrow(
      /INTERNAL_API_TOKEN must be at least 16 characters[\s\S]*AUTH_SECRET/,
    );
  });

  it('takes a default from the service and lets the environment override it', () => {
    const url = 'postgres://localhost/helpdesk';
    expect(
      readSettings(DatabaseSettings, { DATABASE_URL: url }, { DATABASE_SCHEMA: 'back_office' }),
    ).toMatchObject({
      DATABASE_SCHEMA: 'back_office',
    });
    expect(
      readSettings(
        DatabaseSettings,
        { DATABASE_URL: url, DATABASE_SCHEMA: 'mine' },
        { DATABASE_SCHEMA: 'back_office' },
      ),
    ).toMatchObject({ DATABASE_SCHEMA: 'mine' });
  });
});
