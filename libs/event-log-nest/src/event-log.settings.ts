import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';

/** How a service reaches the event log, from the environment. Checked once, at start. */
export class EventLogSettings {
  /** `postgres` is the embedded default; `kafka` is production. */
  @IsIn(['postgres', 'kafka'])
  EVENT_LOG: 'postgres' | 'kafka' = 'postgres';

  @ValidateIf((settings: EventLogSettings) => settings.EVENT_LOG === 'kafka')
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be host:port[,host:port...]',
  })
  KAFKA_BROKERS?: string;

  @IsString()
  @IsNotEmpty()
  EVENT_LOG_TOPIC = 'helpdesk.ticket-events.v1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  EVENT_LOG_PARTITIONS = 12;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7)
  KAFKA_REPLICATION_FACTOR = 1;

  /**
   * How long the broker waits for a consumer's heartbeat before it gives the consumer's
   * partitions to another replica: the failover time after a crash.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

  /** A consumer with records waiting that moves nothing for this long is run again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  KAFKA_CONSUMER_STALL_TIMEOUT_MS = 45_000;

  /**
   * How long the events a service put on the log stay in its outbox table, for reading what it
   * wrote, before its relay deletes them (ADR 17).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  OUTBOX_RETENTION_SECONDS = 600;

  /** With EVENT_LOG=postgres: where the log lives (defaults to DATABASE_URL). */
  @IsOptional()
  @IsString()
  EVENT_LOG_DATABASE_URL?: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  EVENT_LOG_SCHEMA = 'event_log';
}

/** The service's own database: its schema holds its read model, its outbox and its checkpoints. */
export class DatabaseSettings {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'DATABASE_SCHEMA must be a lower-case identifier',
  })
  DATABASE_SCHEMA!: string;
}

/**
 * Reads and validates settings; a missing or wrong variable stops the service with a message
 * that names every bad variable.
 */
export function readSettings<T extends object>(
  type: new () => T,
  environment: Record<string, string | undefined>,
  defaults: Partial<Record<keyof T, string>> = {},
): T {
  const defined = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const settings = plainToInstance(
    type,
    { ...defaults, ...defined },
    { exposeDefaultValues: true },
  );
  const errors = validateSync(settings, { whitelist: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((text) => `  - ${text}`),
    );
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return settings;
}
