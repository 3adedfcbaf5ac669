import { ChildExit } from './child-exit';

export type StopReason =
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'died'; name: string; exit: ChildExit }
  | { kind: 'failed'; message: string };

/** Why everything stops: the first reason given wins, later ones are ignored. */
export class StopRequest {
  private readonly controller = new AbortController();
  private resolveReason!: (reason: StopReason) => void;
  readonly reason = new Promise<StopReason>((resolve) => (this.resolveReason = resolve));

  /** Aborted once a stop is requested: for waits that should give up then. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get requested(): boolean {
    return this.controller.signal.aborted;
  }

  /** True for the request that wins. */
  request(reason: StopReason): boolean {
    if (this.requested) return false;
    this.controller.abort();
    this.resolveReason(reason);
    return true;
  }
}
