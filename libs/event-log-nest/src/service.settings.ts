import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Settings every ticket service needs beyond its database and log. */
export class ServiceSettings {
  /** Shared by the services for their internal calls; comes from a secret. */
  @IsString()
  @MinLength(16, { message: 'INTERNAL_API_TOKEN must be at least 16 characters' })
  INTERNAL_API_TOKEN!: string;

  /** Signs technicians' session tokens; shared by the tier services (one sign-in for all). */
  @IsString()
  @MinLength(32, { message: 'AUTH_SECRET must be at least 32 characters' })
  AUTH_SECRET!: string;

  /** How long after a resolution the requester may reopen the ticket. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(24 * 365)
  REOPEN_WINDOW_HOURS = 72;
}
