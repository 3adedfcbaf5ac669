/** A request already seen under an idempotency key: its fingerprint and what was answered. */
export interface IdempotencyRecord<Response> {
  readonly fingerprint: string;
  readonly ticketId: string;
  readonly response: Response;
}

export type IdempotencyDecision<Response> =
  | { readonly kind: 'first' }
  | { readonly kind: 'replay'; readonly ticketId: string; readonly response: Response }
  | { readonly kind: 'conflict' };

/**
 * Invariant 3: a retried request with the same key never makes a second ticket. Same key and
 * same body: answer what was answered. Same key and another body: a client bug, refused.
 */
export function decideIdempotency<Response>(
  record: IdempotencyRecord<Response> | undefined,
  fingerprint: string,
): IdempotencyDecision<Response> {
  if (!record) return { kind: 'first' };
  if (record.fingerprint !== fingerprint) return { kind: 'conflict' };
  return { kind: 'replay', ticketId: record.ticketId, response: record.response };
}

export class InvalidIdempotencyKeyError extends Error {
  override readonly name = 'InvalidIdempotencyKeyError';
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The Idempotency-Key header: absent, or 1..200 visible ASCII characters (spaces inside). */
export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) {
    throw new InvalidIdempotencyKeyError('Idempotency-Key must be given once');
  }
  const key = header.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InvalidIdempotencyKeyError(
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  if (!/^[\x20-\x7e]+$/.test(key)) {
    throw new InvalidIdempotencyKeyError('Idempotency-Key must be visible ASCII characters');
  }
  return key;
}
