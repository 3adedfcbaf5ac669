import { groupMemory, processTree, residentMemory, toMiB } from './process-stats';

export interface MemoryTarget {
  name: string;
  /** A service's whole life is the run: its VmHWM counts. The broker and database were there before. */
  kind: 'service' | 'broker' | 'database';
  pid: number | undefined;
  /** Why there is no pid: the figure is then n/a. */
  unavailable?: string;
}

export interface MemoryFigure {
  name: string;
  kind: MemoryTarget['kind'];
  /** The most resident during the run, in MiB; null when the process cannot be seen. */
  peakMiB: number | null;
  /** The peak while each stage ran. */
  byStageMiB: Record<string, number>;
  /** How it was measured, or why it is missing. */
  method: string;
}

/** Finding a database's processes scans all of /proc: done this often, not at every sample. */
const TREE_REFRESH_MS = 10_000;

/**
 * Samples the resident memory of the services, the broker and the database every `intervalMs`
 * (/proc/<pid>/status on Linux, cheap enough not to disturb the run): RSS for one process; for
 * PostgreSQL's processes, their private pages plus their shared pages once.
 */
export class MemorySampler {
  private readonly peaks = new Map<string, number>();
  private readonly stagePeaks = new Map<string, Map<string, number>>();
  private readonly trees = new Map<number, { pids: number[]; at: number }>();
  private currentStage = 'start';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly targets: readonly MemoryTarget[],
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stage(name: string): void {
    this.sample();
    this.currentStage = name;
  }

  /** Stops sampling; call it while the services still run (their VmHWM is read here). */
  stop(): MemoryFigure[] {
    this.sample();
    clearInterval(this.timer);
    return this.targets.map((target) => this.figure(target));
  }

  private sample(): void {
    for (const target of this.targets) {
      const bytes = this.measure(target);
      if (bytes === undefined) continue;
      this.peaks.set(target.name, Math.max(this.peaks.get(target.name) ?? 0, bytes));
      const byStage = this.stagePeaks.get(target.name) ?? new Map<string, number>();
      byStage.set(this.currentStage, Math.max(byStage.get(this.currentStage) ?? 0, bytes));
      this.stagePeaks.set(target.name, byStage);
    }
  }

  private measure(target: MemoryTarget): number | undefined {
    if (target.pid === undefined) return undefined;
    if (target.kind === 'database') return groupMemory(this.treeOf(target.pid));
    return residentMemory(target.pid)?.rss;
  }

  private treeOf(root: number): number[] {
    const known = this.trees.get(root);
    if (known && Date.now() - known.at < TREE_REFRESH_MS) return known.pids;
    const pids = processTree(root);
    this.trees.set(root, { pids, at: Date.now() });
    return pids;
  }

  private figure(target: MemoryTarget): MemoryFigure {
    const byStageMiB = Object.fromEntries(
      [...(this.stagePeaks.get(target.name) ?? new Map<string, number>())].map(([stage, bytes]) => [
        stage,
        toMiB(bytes),
      ]),
    );
    const sampled = this.peaks.get(target.name);
    if (target.pid === undefined || sampled === undefined) {
      return {
        name: target.name,
        kind: target.kind,
        peakMiB: null,
        byStageMiB,
        method: target.unavailable ?? 'n/a: the process could not be read',
      };
    }
    if (target.kind === 'service') {
      const highWater = residentMemory(target.pid)?.peak ?? 0;
      return {
        name: target.name,
        kind: target.kind,
        peakMiB: toMiB(Math.max(sampled, highWater)),
        byStageMiB,
        method: `VmHWM of pid ${target.pid} (its peak RSS since it started)`,
      };
    }
    return {
      name: target.name,
      kind: target.kind,
      peakMiB: toMiB(sampled),
      byStageMiB,
      method:
        target.kind === 'database'
          ? `private RSS of pid ${target.pid} and its children plus their shared RSS once, sampled every ${this.intervalMs} ms`
          : `VmRSS of pid ${target.pid}, sampled every ${this.intervalMs} ms`,
    };
  }
}
