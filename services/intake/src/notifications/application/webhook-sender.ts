import { Injectable } from '@nestjs/common';
import { errorMessage } from '@helpdesk/event-log';
import { Clock } from '@helpdesk/event-log-nest';
import { IntakeSettings } from '../../intake.settings';
import { WebhookPayload } from '../domain/webhook-event';
import { webhookSignature } from '../domain/webhook-signature';
import { AttemptResult } from './delivery-attempt';

/** Where and how to deliver: the webhook's URL and its secret in clear. */
export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
}

/**
 * POSTs one delivery: the JSON body, signed with the webhook's secret over the timestamp and
 * the raw body (docs/notifications.md says how to verify it). Any 2xx is a delivery; anything
 * else, a redirect included (never followed), a timeout or a refused connection, is retried.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly settings: IntakeSettings,
    private readonly clock: Clock,
  ) {}

  async deliver(
    target: WebhookTarget,
    deliveryId: string,
    payload: WebhookPayload,
  ): Promise<AttemptResult> {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'helpdesk-webhooks/1',
          'x-helpdesk-delivery': deliveryId,
          'x-helpdesk-timestamp': String(timestamp),
          'x-helpdesk-signature': webhookSignature(target.secret, timestamp, body),
        },
        body,
      });
      // The answer's body is not kept: only its status says whether the delivery arrived.
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        return { outcome: 'delivered', statusCode: response.status };
      }
      return {
        outcome: 'failed',
        statusCode: response.status,
        error: `HTTP ${response.status}`,
        permanent: false,
      };
    } catch (error) {
      return {
        outcome: 'failed',
        statusCode: null,
        error: fetchFailure(error, this.settings.WEBHOOK_TIMEOUT_MS),
        permanent: false,
      };
    }
  }
}

/** undici hides the reason (refused, DNS, TLS) in `cause`. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined
    ? errorMessage(error)
    : `${errorMessage(error)}: ${errorMessage(cause)}`;
}
