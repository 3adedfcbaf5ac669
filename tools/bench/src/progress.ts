/** Writes one progress line a second to stderr: `[bench] intake 1,204/∞ 401/s`. */
export class Progress {
  private done = 0;
  private lastDone = 0;
  private lastAt = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly stage: string,
    private readonly total: number | undefined,
    private readonly unit: string,
    intervalMs = 1_000,
  ) {
    this.timer = setInterval(() => this.report(), intervalMs);
    this.timer.unref();
  }

  set(done: number): void {
    this.done = done;
  }

  add(count = 1): void {
    this.done += count;
  }

  /** The last line, with the rate over the whole stage when given. */
  finish(summary?: string): void {
    clearInterval(this.timer);
    say(`${this.stage} ${this.counter()} done${summary ? `: ${summary}` : ''}`);
  }

  private report(): void {
    const now = performance.now();
    const rate = ((this.done - this.lastDone) * 1000) / Math.max(1, now - this.lastAt);
    this.lastDone = this.done;
    this.lastAt = now;
    say(`${this.stage} ${this.counter()} ${formatNumber(rate)} ${this.unit}/s`);
  }

  private counter(): string {
    const total = this.total === undefined ? '∞' : formatNumber(this.total);
    return `${formatNumber(this.done)}/${total}`;
  }
}

/** A line of the bench's own on stderr (stdout carries the table). */
export function say(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
