import { readableLine } from './output';

describe('a service line in the launcher output', () => {
  const at = '2026-11-30T09:12:44.120Z';
  const localTime = new Date(at).toTimeString().slice(0, 8);

  it('shows a JSON log line as its time, context, message and the ids to follow a ticket', () => {
    const line = JSON.stringify({
      level: 'info',
      time: at,
      pid: 42,
      hostname: 'vm',
      service: 'triage',
      context: 'triage.read-model.v1',
      ticketId: '5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10',
      correlationId: 'corr-1',
      partition: 4,
      msg: 'TicketSubmitted #1 applied',
    });

    expect(readableLine(line)).toBe(
      `${localTime} triage.read-model.v1: TicketSubmitted #1 applied ` +
        'ticketId=5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10 correlationId=corr-1',
    );
  });

  it('names the level when it is not info, and puts the stack on the lines below', () => {
    const line = JSON.stringify({
      level: 'error',
      time: at,
      context: 'ExceptionsHandler',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at handler (a.ts:1:1)' },
      msg: 'boom',
    });

    expect(readableLine(line).split('\n')).toEqual([
      `${localTime} ERROR ExceptionsHandler: boom`,
      'Error: boom',
      '    at handler (a.ts:1:1)',
    ]);
  });

  it('leaves any other line as it is', () => {
    for (const line of [
      'LOG:  database system is ready to accept connections',
      '{"not":"a log line"}',
      '{ broken json',
    ]) {
      expect(readableLine(line)).toBe(line);
    }
  });
});
