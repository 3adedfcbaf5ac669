import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as wait } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { errorMessage } from '@helpdesk/event-log';
import { Clock } from '@helpdesk/event-log-nest';
import { IntakeSettings } from '../../intake.settings';
import { RequesterAccess } from '../../portal/requester-access';
import { RequesterMessage } from '../domain/requester-messages';
import { RetryPolicy, nextRetryDelay } from '../domain/retry-schedule';
import { WebhookPayload } from '../domain/webhook-event';
import { requesterEmail } from '../templates/requester-emails';
import { AttemptResult } from './delivery-attempt';
import { EMAIL_SEND_LIMIT_MS, EmailSender } from './email-sender';
import { NotificationAttempt, NotificationRow } from './notification.entity';
import { WebhookSecretBox } from './webhook-secret-box';
import { WebhookSender } from './webhook-sender';
import { Webhook } from './webhook.entity';

const BATCH = 10;

/** A notification this worker claimed: this is its attempt number `attempts`. */
type Claimed = {
  id: string;
  recipient: string;
  attempts: number;
} & (
  { channel: 'email'; payload: RequesterMessage } | { channel: 'webhook'; payload: WebhookPayload }
);

/**
 * Sends the due notifications, started with the app and stopped with it. Every replica runs
 * one: a notification is claimed with FOR UPDATE SKIP LOCKED and leased (its next_attempt_at
 * pushed past the longest an attempt can take) in a short transaction, sent outside of any,
 * then its attempt is logged and its next one scheduled (exponential backoff with jitter) or
 * it is marked delivered or failed. A replica that dies mid-send leaves a lease that expires:
 * another one tries again (at-least-once; receivers dedupe on X-Helpdesk-Delivery).
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly stopping = new AbortController();
  private readonly policy: RetryPolicy;
  private readonly leaseMs: number;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly clock: Clock,
    private readonly email: EmailSender,
    private readonly webhooks: WebhookSender,
    private readonly secrets: WebhookSecretBox,
    private readonly access: RequesterAccess,
  ) {
    this.policy = {
      baseMs: settings.NOTIFICATION_RETRY_BASE_MS,
      maxMs: settings.NOTIFICATION_RETRY_MAX_MS,
      maxAttempts: settings.NOTIFICATION_MAX_ATTEMPTS,
    };
    // Past the longest an email or a webhook call may take, with a margin.
    this.leaseMs = Math.max(EMAIL_SEND_LIMIT_MS, settings.WEBHOOK_TIMEOUT_MS) + 60_000;
  }

  onApplicationBootstrap(): void {
    this.running ??= this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed = 0;
      try {
        const batch = await this.claim();
        claimed = batch.length;
        await Promise.all(batch.map((notification) => this.attempt(notification)));
      } catch (error) {
        this.logger.warn(`delivery worker: ${errorMessage(error)}; retrying`);
      }
      if (claimed < BATCH) await this.pause(this.settings.NOTIFICATION_POLL_MS);
    }
  }

  private async claim(): Promise<Claimed[]> {
    const table = this.dataSource.getMetadata(NotificationRow).tablePath;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(NotificationRow)
      .set({
        attempts: () => 'attempts + 1',
        nextAttemptAt: () => `now() + (:leaseMs * interval '1 millisecond')`,
      })
      .where(
        `id IN (SELECT id FROM ${table} WHERE status = 'pending' AND next_attempt_at <= now()
                 ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED)`,
      )
      .setParameters({ leaseMs: this.leaseMs, batch: BATCH })
      .returning(['id', 'channel', 'recipient', 'payload', 'attempts'])
      .execute();
    return result.raw as Claimed[];
  }

  private async attempt(notification: Claimed): Promise<void> {
    const attemptedAt = this.clock.now();
    let result: AttemptResult;
    try {
      result = await this.send(notification);
    } catch (error) {
      result = {
        outcome: 'failed',
        statusCode: null,
        error: errorMessage(error),
        permanent: false,
      };
    }
    const finishedAt = this.clock.now();
    await this.record(notification, attemptedAt, finishedAt, result);
  }

  private async send(notification: Claimed): Promise<AttemptResult> {
    if (notification.channel === 'email') {
      return this.email.send(
        notification.recipient,
        requesterEmail(notification.payload, this.trackingLink(notification.payload.ticketId)),
      );
    }
    const webhook = await this.dataSource.manager.findOneBy(Webhook, {
      id: notification.recipient,
    });
    if (!webhook || webhook.removedAt) {
      return permanentFailure('the webhook was removed');
    }
    let secret: string;
    try {
      secret = this.secrets.open(webhook.secretSealed);
    } catch {
      return permanentFailure(
        "the webhook's secret cannot be read (was AUTH_SECRET changed?): register it again",
      );
    }
    return this.webhooks.deliver(
      { url: webhook.url, secret },
      notification.id,
      notification.payload,
    );
  }

  private async record(
    notification: Claimed,
    attemptedAt: Date,
    finishedAt: Date,
    result: AttemptResult,
  ): Promise<void> {
    const attempt = notification.attempts;
    const retryInMs =
      result.outcome === 'failed' && !result.permanent
        ? nextRetryDelay(this.policy, attempt, Math.random)
        : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(NotificationAttempt, {
        notificationId: notification.id,
        attempt,
        attemptedAt,
        durationMs: finishedAt.getTime() - attemptedAt.getTime(),
        outcome: result.outcome,
        statusCode: result.statusCode,
        error: result.outcome === 'failed' ? result.error : null,
      });
      const update = manager
        .createQueryBuilder()
        .update(NotificationRow)
        // Only while this worker's claim holds: after an expired lease, the newer claim decides.
        .where('id = :id AND attempts = :attempt AND status = :pending', {
          id: notification.id,
          attempt,
          pending: 'pending',
        });
      if (result.outcome === 'delivered') {
        await update
          .set({ status: 'delivered', deliveredAt: finishedAt, lastError: null })
          .execute();
      } else if (retryInMs === null) {
        await update.set({ status: 'failed', lastError: result.error }).execute();
        this.logger.warn(
          `notification ${notification.id} (${notification.channel}) failed after ${attempt} attempt(s): ${result.error}`,
        );
      } else {
        await update
          .set({
            lastError: result.error,
            nextAttemptAt: () => `now() + (:retryInMs * interval '1 millisecond')`,
          })
          .setParameter('retryInMs', retryInMs)
          .execute();
      }
    });
  }

  /** The requester's tracking link, as their browser reaches the portal. */
  private trackingLink(ticketId: string): string {
    const portal = this.settings.PORTAL_URL.replace(/\/+$/, '');
    return `${portal}/tickets/${ticketId}?access=${this.access.tokenFor(ticketId)}`;
  }

  private async pause(ms: number): Promise<void> {
    await wait(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}

function permanentFailure(error: string): AttemptResult {
  return { outcome: 'failed', statusCode: null, error, permanent: true };
}
