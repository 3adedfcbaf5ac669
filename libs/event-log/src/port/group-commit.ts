/**
 * Group commit: work items that arrive while a flush is running are flushed together in the
 * next one, so a fixed cost (a transaction, a durable commit, a round trip) is paid once per
 * group instead of once per item. Flushes never overlap. A group holds at most `maxItems`;
 * with `lingerMs`, an idle committer waits that long for company before it flushes.
 *
 * `flush` answers every item of its group, in order: a value, or an Error for that item alone.
 * When `flush` itself throws, every item of the group gets that error.
 */
export class GroupCommit<Item, Result> {
  private pending: Waiting<Item, Result>[] = [];
  private flushing = false;
  private lingering?: NodeJS.Timeout;

  constructor(
    private readonly flush: (items: readonly Item[]) => Promise<readonly (Result | Error)[]>,
    private readonly options: { maxItems?: number; lingerMs?: number } = {},
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.pending.length === 0) return;
    const lingerMs = this.options.lingerMs ?? 0;
    const full = this.pending.length >= (this.options.maxItems ?? Infinity);
    if (lingerMs > 0 && !full) {
      this.lingering ??= setTimeout(() => {
        this.lingering = undefined;
        this.runNext();
      }, lingerMs);
      return;
    }
    // Items submitted in the same tick join this group.
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      this.runNext();
    });
  }

  private runNext(): void {
    if (this.flushing || this.pending.length === 0) return;
    clearTimeout(this.lingering);
    this.lingering = undefined;
    const group = this.pending.splice(0, this.options.maxItems ?? this.pending.length);
    this.flushing = true;
    void this.flush(group.map((waiting) => waiting.item))
      .then(
        (results) =>
          group.forEach((waiting, index) => {
            const result = results[index];
            if (result instanceof Error) waiting.reject(result);
            else if (index >= results.length) {
              waiting.reject(new Error('the group commit gave no answer for this item'));
            } else waiting.resolve(result as Result);
          }),
        (error: unknown) => group.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.flushing = false;
        this.schedule();
      });
  }
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}
