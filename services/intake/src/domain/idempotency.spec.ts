import { InvalidIdempotencyKeyError, decideIdempotency, readIdempotencyKey } from './idempotency';

describe('idempotency', () => {
  const record = { fingerprint: 'abc', ticketId: 't-1', response: { id: 't-1' } };

  it('lets a first request through, replays the same body, refuses another body', () => {
    expect(decideIdempotency(undefined, 'abc')).toEqual({ kind: 'first' });
    expect(decideIdempotency(record, 'abc')).toEqual({
      kind: 'replay',
      ticketId: 't-1',
      response: { id: 't-1' },
    });
    expect(decideIdempotency(record, 'abd')).toEqual({ kind: 'conflict' });
  });

  it('reads the header: absent, or 1..200 visible characters', () => {
    expect(readIdempotencyKey(undefined)).toBeUndefined();
    expect(readIdempotencyKey('  order-42  ')).toBe('order-42');
    expect(readIdempotencyKey('k'.repeat(200))).toHaveLength(200);
    for (const wrong of ['', '   ', 'k'.repeat(201), 'clé']) {
      expect(() => readIdempotencyKey(wrong)).toThrow(InvalidIdempotencyKeyError);
    }
    expect(() => readIdempotencyKey(['a', 'b'])).toThrow(/once/);
  });
});
