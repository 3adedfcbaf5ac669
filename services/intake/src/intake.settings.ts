import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { readSettings } from '@helpdesk/event-log-nest';
import { PriorityMatrix, parsePriorityMatrix } from '@helpdesk/ticket-lifecycle';
import { SupportLevel } from '@helpdesk/ticket-events';

const tierUrl = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/** Intake's own settings, beside the ones every ticket service reads (ServiceSettings). */
export class IntakeSettings {
  /**
   * Bearer token of the admin endpoints (integrator keys, contact guide, inbound email). Unset,
   * those endpoints refuse every call (the service still starts, e.g. under `npm start`).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_TOKEN must be at least 16 characters' })
  ADMIN_API_TOKEN?: string;

  /** A deployment's own impact × urgency matrix as JSON; cells left out keep the ITIL value. */
  @IsOptional()
  @IsString()
  PRIORITY_MATRIX?: string;

  @IsUrl(tierUrl, { message: 'TRIAGE_URL must be an http(s) URL' })
  TRIAGE_URL = 'http://127.0.0.1:3001';

  @IsUrl(tierUrl, { message: 'BACK_OFFICE_URL must be an http(s) URL' })
  BACK_OFFICE_URL = 'http://127.0.0.1:3002';

  @IsUrl(tierUrl, { message: 'SPECIALIST_URL must be an http(s) URL' })
  SPECIALIST_URL = 'http://127.0.0.1:3003';

  /** How long intake waits for a tier to answer a forwarded requester action. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(60_000)
  TIER_TIMEOUT_MS = 5_000;

  /** Contact-guide category of the tickets opened from an email. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, {
    message: 'EMAIL_DEFAULT_CATEGORY must be a category id (lower-case letters, digits, dashes)',
  })
  EMAIL_DEFAULT_CATEGORY = 'other';

  /**
   * The SMTP server that sends requesters their notifications (`smtp://user:pass@host:587`,
   * `smtps://…` for TLS from the start). Unset, email is off (said once at start).
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From of those emails: `address` or `Name <address>`. */
  @Matches(/^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
    message: 'MAIL_FROM must be an address or "Name <address>"',
  })
  MAIL_FROM = 'Helpdesk <helpdesk@localhost>';

  /** The portal as requesters' browsers reach it: tracking links in emails start with it. */
  @IsUrl(tierUrl, { message: 'PORTAL_URL must be an http(s) URL' })
  PORTAL_URL = 'http://localhost:3000/portal';

  /** How long a webhook receiver has to answer one delivery attempt. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The wait after a notification's first failed attempt; it doubles after each one. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  NOTIFICATION_RETRY_BASE_MS = 30_000;

  /** The longest wait between two attempts. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  NOTIFICATION_RETRY_MAX_MS = 21_600_000;

  /** Attempts (the first one included) before a notification is marked failed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATION_MAX_ATTEMPTS = 12;

  /** How often the delivery worker looks for due notifications. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(60_000)
  NOTIFICATION_POLL_MS = 1_000;
}

/** The matrix of PRIORITY_MATRIX, checked at start (a wrong cell stops the service, named). */
export abstract class IntakePriorityMatrix {
  abstract readonly matrix: PriorityMatrix;
}

export function readIntakeSettings(
  environment: Record<string, string | undefined> = process.env,
): IntakeSettings {
  return readSettings(IntakeSettings, environment);
}

export function priorityMatrixFrom(settings: IntakeSettings): IntakePriorityMatrix {
  try {
    return { matrix: parsePriorityMatrix(settings.PRIORITY_MATRIX) };
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new Error(`PRIORITY_MATRIX is not valid JSON: ${error.message}`);
    }
    throw error;
  }
}

export function tierUrlOf(settings: IntakeSettings, level: SupportLevel): string {
  const urls: Record<SupportLevel, string> = {
    L1: settings.TRIAGE_URL,
    L2: settings.BACK_OFFICE_URL,
    L3: settings.SPECIALIST_URL,
  };
  return urls[level].replace(/\/+$/, '');
}
