import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';
import { LogLevel } from './observability.settings';

/**
 * The process's logger: one JSON object per line on stdout (or `destination`), with `level` as
 * a word, `time` in ISO 8601 and `msg`. Written synchronously, so a line is out before an exit.
 */
export function createJsonLogger(level: LogLevel, destination?: DestinationStream): Pino {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Nest's logging (its own, and every `new Logger(context)`) on the JSON logger. A message may be
 * an object: its fields join the line (`logger.log({ msg: 'applied', ticketId, correlationId })`).
 * The context becomes `context`; an Error or a stack becomes `err` or `stack`.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const texts: string[] = [];
    // Nest passes the context last: `log(message, context)`, `error(message, stack, context)`.
    const last = params[params.length - 1];
    if (typeof last === 'string' && !isStack(last)) {
      fields['context'] = last;
      params = params.slice(0, -1);
    }
    for (const part of [message, ...params]) {
      if (part instanceof Error) {
        fields['err'] = part;
        texts.push(part.message);
      } else if (typeof part === 'string' && isStack(part)) {
        fields['stack'] = part;
      } else if (part !== null && typeof part === 'object' && !Array.isArray(part)) {
        const { msg, message: text, ...rest } = part as Record<string, unknown>;
        Object.assign(fields, rest);
        if (msg !== undefined || text !== undefined) texts.push(String(msg ?? text));
      } else if (part !== undefined) {
        texts.push(typeof part === 'string' ? part : JSON.stringify(part));
      }
    }
    this.pino[level](fields, texts.join(' '));
  }
}

function isStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
