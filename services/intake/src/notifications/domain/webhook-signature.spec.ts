import { newWebhookSecret, webhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  it('are the hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret, as documented', () => {
    // Computed apart: printf '%s' '1767225600.{…}' | openssl dgst -sha256 -hmac 'whsec_test-secret'
    expect(
      webhookSignature('whsec_test-secret', 1767225600, '{"id":"e1","type":"TicketResolved"}'),
    ).toBe('sha256=89428f1a0774f6de6dae10d3ce18ae5c3c04ec1e68a2526aff38cd8d185c6943');
  });

  it('change with the timestamp, so an old delivery cannot be replayed under a new one', () => {
    const body = '{"id":"e1"}';
    expect(webhookSignature('s', 1, body)).not.toBe(webhookSignature('s', 2, body));
  });

  it('use secrets of 32 random bytes, different each time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
