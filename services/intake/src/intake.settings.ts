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
