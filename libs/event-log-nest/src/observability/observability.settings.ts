import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logs and metrics, from the environment. */
export class ObservabilitySettings {
  /** The lowest level written to stdout (`debug` adds the projection's events during a rebuild). */
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /**
   * When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. Unset, it is open, for
   * a Prometheus scraping inside the cluster: keep /metrics off the ingress then.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;
}
