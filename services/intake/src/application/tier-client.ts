import { Injectable, Logger } from '@nestjs/common';
import { ServiceSettings } from '@helpdesk/event-log-nest';
import { SupportLevel } from '@helpdesk/ticket-events';
import { IntakeSettings, tierUrlOf } from '../intake.settings';

export type RequesterAction = 'replies' | 'confirmation' | 'reopening';

export interface TierAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The tier did not answer: nothing reached it (`refused`), or it did not answer in time. */
export class TierUnavailableError extends Error {
  override readonly name = 'TierUnavailableError';
  constructor(
    readonly level: SupportLevel,
    readonly reason: 'refused' | 'timeout',
    detail: string,
  ) {
    super(`${level} did not answer: ${detail}`);
  }
}

/**
 * Calls a tier's internal API for the requester's actions (served by every tier through
 * RequesterActionsController), with the shared internal token and the request's correlation id.
 */
@Injectable()
export class TierClient {
  private readonly logger = new Logger(TierClient.name);

  constructor(
    private readonly settings: IntakeSettings,
    private readonly service: ServiceSettings,
  ) {}

  async requesterAction(
    level: SupportLevel,
    ticketId: string,
    action: RequesterAction,
    body: Record<string, unknown>,
    correlationId: string,
  ): Promise<TierAnswer> {
    const url = `${tierUrlOf(this.settings, level)}/internal/v1/tickets/${encodeURIComponent(ticketId)}/requester/${action}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${this.service.INTERNAL_API_TOKEN}`,
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.TIER_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const detail = describe(error);
      this.logger.warn(`${action} on ${ticketId} at ${level} (${url}) failed: ${detail}`);
      throw new TierUnavailableError(level, timedOut ? 'timeout' : 'refused', detail);
    }
    const text = await response.text().catch(() => '');
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
