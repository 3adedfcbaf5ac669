import {
  Matches,
  MaxLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { readSettings } from '@helpdesk/event-log-nest';
import {
  DEFAULT_REMOTE_SESSION_URL_TEMPLATE,
  remoteSessionTemplateProblem,
} from '../domain/remote-session';

const DOMAIN = '[a-z0-9][a-z0-9-]{0,99}';

@ValidatorConstraint({ name: 'remoteSessionUrlTemplate' })
class RemoteSessionUrlTemplate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && remoteSessionTemplateProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    const problem =
      typeof args.value === 'string' ? remoteSessionTemplateProblem(args.value) : 'is missing';
    return `REMOTE_SESSION_URL_TEMPLATE ${problem ?? 'is invalid'}`;
  }
}

/** Level 2's own settings, from the environment; checked once, at start. */
export class BackOfficeSettings {
  /** The link of a remote session: `{sessionId}` and `{ticketId}` are filled in, URL-encoded. */
  @MaxLength(1_800, { message: 'REMOTE_SESSION_URL_TEMPLATE must be at most 1800 characters' })
  @Validate(RemoteSessionUrlTemplate)
  REMOTE_SESSION_URL_TEMPLATE = DEFAULT_REMOTE_SESSION_URL_TEMPLATE;

  /** The domains level 2 qualifies a ticket with when it escalates it to level 3. */
  @Matches(new RegExp(`^\\s*${DOMAIN}\\s*(,\\s*${DOMAIN}\\s*)*$`), {
    message:
      'SPECIALIST_DOMAINS must be a comma-separated list of lower-case domains (a-z, 0-9, -)',
  })
  SPECIALIST_DOMAINS = 'network,security,business-application,hardware,operating-system';

  get specialistDomains(): readonly string[] {
    return [...new Set(this.SPECIALIST_DOMAINS.split(',').map((domain) => domain.trim()))];
  }
}

export function readBackOfficeSettings(
  environment: Record<string, string | undefined> = process.env,
): BackOfficeSettings {
  return readSettings(BackOfficeSettings, environment);
}
