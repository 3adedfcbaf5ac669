import { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type OutputStream = 'stdout' | 'stderr';

/** Receives a child's output one line at a time. */
export type LineSink = (line: string, stream: OutputStream) => void;

/** Feeds `sink` every line the child writes to stdout and stderr. */
export function forwardLines(child: ChildProcess, sink: LineSink): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = child[stream];
    if (readable) {
      createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) =>
        sink(line, stream),
      );
    }
  }
}

const COLORS = [36, 33, 35, 32, 34, 31] as const;
const colorOf = new Map<string, number>();

/** `[name]`, in a colour of its own when the terminal shows colours. */
export function label(name: string): string {
  const text = `[${name}]`;
  if (!process.stdout.isTTY || process.env['NO_COLOR']) return text;
  if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length] ?? 0);
  return `\u001b[${colorOf.get(name)}m${text}\u001b[39m`;
}

/**
 * Writes each line to the launcher's own stdout or stderr, behind `[name]`; on a terminal, a
 * service's JSON log line as `readableLine` shows it.
 */
export function prefixedOutput(name: string): LineSink {
  return (line, stream) => {
    const text = process[stream].isTTY ? readableLine(line) : line;
    for (const part of text.split('\n')) process[stream].write(`${label(name)} ${part}\n`);
  };
}

/**
 * A JSON log line of a service as a person reads it: local time, the level unless it is info,
 * the context, the message, the ticket and correlation ids, and a stack on the lines below.
 * Any other line comes back as it is.
 */
export function readableLine(line: string): string {
  const entry = logEntry(line);
  if (!entry) return line;
  const parts: string[] = [];
  const time = new Date(String(entry['time']));
  if (!Number.isNaN(time.getTime())) parts.push(time.toTimeString().slice(0, 8));
  if (entry['level'] !== 'info') parts.push(String(entry['level']).toUpperCase());
  if (typeof entry['context'] === 'string') parts.push(`${entry['context']}:`);
  parts.push(entry.msg);
  for (const key of ['ticketId', 'correlationId']) {
    if (typeof entry[key] === 'string') parts.push(`${key}=${entry[key]}`);
  }
  const error = entry['err'] as { stack?: unknown } | undefined;
  const stack = error?.stack ?? entry['stack'];
  const text = parts.join(' ');
  return typeof stack === 'string' ? `${text}\n${stack}` : text;
}

function logEntry(line: string): (Record<string, unknown> & { msg: string }) | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as unknown;
    if (entry === null || typeof entry !== 'object') return undefined;
    const fields = entry as Record<string, unknown>;
    return typeof fields['msg'] === 'string' && 'level' in fields
      ? (fields as Record<string, unknown> & { msg: string })
      : undefined;
  } catch {
    return undefined;
  }
}
