import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Transporter, createTransport } from 'nodemailer';
import { errorMessage } from '@helpdesk/event-log';
import { IntakeSettings } from '../../intake.settings';
import { EmailContent } from '../templates/requester-emails';
import { AttemptResult } from './delivery-attempt';

/** How long the SMTP server may take to connect, greet, and answer each command. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The longest an unresponsive SMTP server can hold one email up. */
export const EMAIL_SEND_LIMIT_MS =
  SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + SMTP_TIMEOUTS.socketTimeout;

/** Sends requesters' emails through the SMTP server of SMTP_URL; without it, email is off. */
@Injectable()
export class EmailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly transport?: Transporter;

  constructor(settings: IntakeSettings) {
    if (settings.SMTP_URL) {
      this.transport = createTransport(
        { url: settings.SMTP_URL, ...SMTP_TIMEOUTS },
        { from: settings.MAIL_FROM },
      );
    }
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      this.logger.warn('SMTP_URL is not set: requesters get no email (webhooks still work)');
    }
  }

  /** After the worker has stopped (it stops when the modules are destroyed, before this). */
  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(to: string, content: EmailContent): Promise<AttemptResult> {
    if (!this.transport) {
      return { outcome: 'failed', statusCode: null, error: 'email is off', permanent: true };
    }
    try {
      await this.transport.sendMail({ to, ...content });
      return { outcome: 'delivered', statusCode: null };
    } catch (error) {
      const code = smtpReplyCode(error);
      // 5xx is the server's final word (no such mailbox, refused); anything else may pass later.
      return {
        outcome: 'failed',
        statusCode: code,
        error: errorMessage(error),
        permanent: code !== null && code >= 500,
      };
    }
  }
}

function smtpReplyCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : null;
}
