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

/** Writes each line to the launcher's own stdout or stderr, behind `[name]`. */
export function prefixedOutput(name: string): LineSink {
  return (line, stream) => process[stream].write(`${label(name)} ${line}\n`);
}
