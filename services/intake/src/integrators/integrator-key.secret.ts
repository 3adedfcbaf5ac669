import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'hd_';
/** `hd_` + 32 random bytes in base64url (43 characters). */
const KEY_FORMAT = /^hd_[A-Za-z0-9_-]{43}$/;

export interface NewIntegratorSecret {
  /** Shown once to the admin, never stored. */
  key: string;
  hash: string;
  /** Enough to tell keys apart in a list, far too little to guess the rest. */
  prefix: string;
}

export function newIntegratorSecret(): NewIntegratorSecret {
  const key = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashIntegratorKey(key), prefix: key.slice(0, PREFIX.length + 6) };
}

/**
 * SHA-256 of the key. A slow password hash (bcrypt, scrypt, argon2) is there to make guessing
 * low-entropy human passwords expensive; these keys are 256 random bits, so a leaked hash
 * cannot be reversed by guessing anyway, and a fast deterministic hash lets the key be found
 * by an indexed equality lookup on every request without a per-request KDF cost. The lookup
 * compares hashes, so it leaks nothing usable about the secret through timing.
 */
export function hashIntegratorKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A cheap check before any database work: anything else cannot be a key we issued. */
export function looksLikeIntegratorKey(value: string): boolean {
  return KEY_FORMAT.test(value);
}
