import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves once the predicate holds', async () => {
    let calls = 0;
    await waitFor(() => ++calls === 3, { description: 'the third call', intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('names what it waited for, and the last error, when it times out', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('relation "outbox" does not exist');
        },
        { description: 'the outbox to drain', timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(
      'Timed out after 30 ms waiting for the outbox to drain (last error: relation "outbox" does not exist)',
    );
  });
});
