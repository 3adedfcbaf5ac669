import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ServiceSettings } from '@helpdesk/event-log-nest';

const VERSION = 'v1';

/**
 * Keeps webhook secrets encrypted at rest (AES-256-GCM, with a key derived from AUTH_SECRET,
 * distinct from the session, CSRF and tracking-link keys). Unlike an API key, a signing secret
 * cannot be stored as a hash: each delivery needs it in clear to compute its HMAC. A copy of
 * the database alone is then not enough to forge deliveries to integrators.
 */
@Injectable()
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(settings: ServiceSettings) {
    this.key = createHmac('sha256', settings.AUTH_SECRET).update('webhook-secrets').digest();
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the secret was sealed under another AUTH_SECRET (or tampered with). */
  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) {
      throw new Error('not a sealed webhook secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
