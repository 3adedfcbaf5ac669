import { EmailSender } from './application/email-sender';
import { NotificationAttempt, NotificationRow } from './application/notification.entity';
import { NotificationOutbox } from './application/notification-outbox';
import { NotificationWorker } from './application/notification-worker';
import { WebhookSecretBox } from './application/webhook-secret-box';
import { WebhookSender } from './application/webhook-sender';
import { Webhook } from './application/webhook.entity';
import { WebhooksService } from './application/webhooks.service';
import { AdminWebhooksController } from './http/admin-webhooks.controller';

/**
 * Requesters hear about their tickets by email, integrators through webhooks: the projection
 * queues (NotificationOutbox), the worker sends, admins read the webhooks' delivery logs.
 */
export const notificationEntities = [Webhook, NotificationRow, NotificationAttempt];
export const notificationControllers = [AdminWebhooksController];
export const notificationProviders = [
  NotificationOutbox,
  NotificationWorker,
  EmailSender,
  WebhookSender,
  WebhookSecretBox,
  WebhooksService,
];
