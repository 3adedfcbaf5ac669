import { Logger } from '@nestjs/common';
import { JsonLogger, createJsonLogger } from './json-logger';
import { LogLevel } from './observability.settings';

describe('the JSON logger under Nest', () => {
  let lines: Record<string, unknown>[];

  function nestLogging(level: LogLevel): void {
    lines = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    Logger.overrideLogger(new JsonLogger(createJsonLogger(level, destination)));
  }

  afterEach(() => Logger.overrideLogger(false));

  it('writes one JSON object per line: level, ISO time, context, message and the fields given', () => {
    nestLogging('info');

    new Logger('triage.read-model.v1').log({
      msg: 'TicketSubmitted #1 applied',
      ticketId: 'ticket-1',
      correlationId: 'corr-1',
    });
    new Logger('Bootstrap').log('listening on port 3001');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        context: 'triage.read-model.v1',
        msg: 'TicketSubmitted #1 applied',
        ticketId: 'ticket-1',
        correlationId: 'corr-1',
      }),
      expect.objectContaining({
        level: 'info',
        context: 'Bootstrap',
        msg: 'listening on port 3001',
      }),
    ]);
  });

  it("keeps an error's stack, given as Nest gives it or as the error itself", () => {
    nestLogging('info');
    const error = new Error('connection refused');

    new Logger('ExceptionsHandler').error(error.message, error.stack);
    new Logger('OutboxRelay').error(error);

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        msg: 'connection refused',
        stack: error.stack,
      }),
      expect.objectContaining({
        level: 'error',
        context: 'OutboxRelay',
        msg: 'connection refused',
        err: expect.objectContaining({ message: 'connection refused', stack: error.stack }),
      }),
    ]);
  });

  it('writes nothing below LOG_LEVEL', () => {
    nestLogging('warn');

    new Logger('A').log('routine');
    new Logger('A').debug('detail');
    new Logger('A').warn('odd');

    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([['warn', 'odd']]);
  });
});
