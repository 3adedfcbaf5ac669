import { createHmac, randomBytes } from 'node:crypto';

/** A webhook's signing secret: `whsec_` and 32 random bytes in base64url; shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `X-Helpdesk-Signature` of a delivery: HMAC-SHA256, keyed with the whole secret (UTF-8),
 * of `<X-Helpdesk-Timestamp>.<raw body>`, in hex. Signing the timestamp with the body lets a
 * receiver refuse an old delivery replayed by whoever captured it.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}
