import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Repository } from 'typeorm';
import { Clock } from '@helpdesk/event-log-nest';
import { IntegratorKey } from '../../integrators/integrator-key.entity';
import { WebhookEventType } from '../domain/webhook-event';
import { newWebhookSecret } from '../domain/webhook-signature';
import { NotificationAttempt, NotificationRow } from './notification.entity';
import { WebhookSecretBox } from './webhook-secret-box';
import { Webhook } from './webhook.entity';

export interface WebhookRegistration {
  readonly integratorKeyId: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
}

/** A delivery and its attempts, newest delivery first. */
export interface Delivery {
  readonly notification: NotificationRow;
  readonly attempts: NotificationAttempt[];
}

@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    @InjectRepository(IntegratorKey) private readonly keys: Repository<IntegratorKey>,
    @InjectRepository(NotificationRow) private readonly notifications: Repository<NotificationRow>,
    @InjectRepository(NotificationAttempt)
    private readonly attempts: Repository<NotificationAttempt>,
    private readonly secrets: WebhookSecretBox,
    private readonly clock: Clock,
  ) {}

  /** A new webhook; its secret is returned here once and never again. */
  async register(registration: WebhookRegistration): Promise<{ webhook: Webhook; secret: string }> {
    const key = await this.keys.findOneBy({
      id: registration.integratorKeyId,
      revokedAt: IsNull(),
    });
    if (!key) {
      throw new BadRequestException([
        'integratorKeyId must be the id of a key that is not revoked',
      ]);
    }
    const secret = newWebhookSecret();
    const webhook = this.webhooks.create({
      id: randomUUID(),
      integratorKeyId: key.id,
      url: registration.url,
      eventTypes: [...new Set(registration.events)],
      secretSealed: this.secrets.seal(secret),
      createdAt: this.clock.now(),
      removedAt: null,
    });
    await this.webhooks.insert(webhook);
    return { webhook, secret };
  }

  list(): Promise<Webhook[]> {
    return this.webhooks.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Stops deliveries at once; what is still queued for it fails, the log stays. */
  async remove(id: string): Promise<void> {
    await this.webhooks.update({ id, removedAt: IsNull() }, { removedAt: this.clock.now() });
    await this.get(id);
  }

  async deliveries(
    id: string,
    limit: number,
  ): Promise<{ webhook: Webhook; deliveries: Delivery[] }> {
    const webhook = await this.get(id);
    const notifications = await this.notifications.find({
      where: { channel: 'webhook', recipient: id },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    const attempts = notifications.length
      ? await this.attempts.find({
          where: { notificationId: In(notifications.map((notification) => notification.id)) },
          order: { attempt: 'ASC' },
        })
      : [];
    return {
      webhook,
      deliveries: notifications.map((notification) => ({
        notification,
        attempts: attempts.filter((attempt) => attempt.notificationId === notification.id),
      })),
    };
  }

  private async get(id: string): Promise<Webhook> {
    const webhook = await this.webhooks.findOneBy({ id });
    if (!webhook) throw new NotFoundException(`webhook ${id} not found`);
    return webhook;
  }
}
