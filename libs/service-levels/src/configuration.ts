import { z } from 'zod';

/** The JSON of a setting, or an error that names the setting. */
export function parseJsonSetting(setting: string, json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${setting} must be JSON: ${reason}`);
  }
}

/** `SLA_POLICY P1.L1.firstResponseMinutes: must be ...`, one line per wrong field. */
export function describeConfigurationError(setting: string, error: z.ZodError): Error {
  const lines = error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return `${setting}${field ? ` ${field}` : ''}: ${issue.message}`;
  });
  return new Error(lines.join('; '));
}
