import { ServiceSettings } from '@helpdesk/event-log-nest';
import { WebhookSecretBox } from './webhook-secret-box';

const box = (secret: string) => new WebhookSecretBox({ AUTH_SECRET: secret } as ServiceSettings);
const one = box('a-secret-of-at-least-thirty-two-characters');

describe('webhook secrets at rest', () => {
  it('are stored encrypted and come back whole', () => {
    const sealed = one.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(one.seal('whsec_abc')).not.toBe(sealed);
    expect(one.open(sealed)).toBe('whsec_abc');
  });

  it('cannot be read under another AUTH_SECRET, nor once tampered with', () => {
    const sealed = one.seal('whsec_abc');
    expect(() => box('another-secret-of-at-least-thirty-two-chars').open(sealed)).toThrow();
    const [version, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => one.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });
});
