import {
  hashIntegratorKey,
  looksLikeIntegratorKey,
  newIntegratorSecret,
} from './integrator-key.secret';

describe('integrator keys', () => {
  it('are hd_ and 32 random bytes in base64url, stored as a SHA-256 hash', () => {
    const secret = newIntegratorSecret();
    expect(secret.key).toMatch(/^hd_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.key.slice(3), 'base64url')).toHaveLength(32);
    expect(secret.hash).toBe(hashIntegratorKey(secret.key));
    expect(secret.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secret.key.startsWith(secret.prefix)).toBe(true);
    expect(secret.prefix.length).toBeLessThan(12);
    expect(newIntegratorSecret().key).not.toBe(secret.key);
  });

  it('tells what cannot be one of ours before any lookup', () => {
    expect(looksLikeIntegratorKey(newIntegratorSecret().key)).toBe(true);
    expect(looksLikeIntegratorKey('hd_short')).toBe(false);
    expect(looksLikeIntegratorKey(`xx_${'a'.repeat(43)}`)).toBe(false);
  });
});
