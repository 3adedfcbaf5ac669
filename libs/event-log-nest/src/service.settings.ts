import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { SupportLevel } from '@helpdesk/ticket-events';

const PUBLIC_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

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

  /** Where technicians sign in, as their browsers reach it (intake serves it). */
  @IsUrl(PUBLIC_URL)
  SIGN_IN_URL = 'http://localhost:3000/sign-in';

  /** Each tier's dashboard, as browsers reach it: sign-in sends technicians there. */
  @IsUrl(PUBLIC_URL)
  L1_DASHBOARD_URL = 'http://localhost:3001/dashboard';

  @IsUrl(PUBLIC_URL)
  L2_DASHBOARD_URL = 'http://localhost:3002/dashboard';

  @IsUrl(PUBLIC_URL)
  L3_DASHBOARD_URL = 'http://localhost:3003/dashboard';

  /**
   * The session cookie's Domain, when the services are served from sibling hosts
   * (`.helpdesk.example.com`); unset, the cookie stays with the host that set it, which covers
   * services on one host behind a path router or on several ports of localhost.
   */
  @IsOptional()
  @IsString()
  SESSION_COOKIE_DOMAIN?: string;
}

export function dashboardUrl(settings: ServiceSettings, level: SupportLevel): string {
  return settings[`${level}_DASHBOARD_URL`];
}

/** The origins a form of this product may post to, or be redirected to after posting. */
export function productOrigins(settings: ServiceSettings): string[] {
  const urls = [
    settings.SIGN_IN_URL,
    settings.L1_DASHBOARD_URL,
    settings.L2_DASHBOARD_URL,
    settings.L3_DASHBOARD_URL,
  ];
  return [...new Set(urls.map((url) => new URL(url).origin))];
}
