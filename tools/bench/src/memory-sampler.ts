import { groupMemory, processTree, residentMemory, toMiB } from './process-stats';

export interface MemoryTarget {
  name: string;
  /** A service's whole life is the run: its VmHWM counts. The broker and database were there before. */
  kind: 'service' | 'broker' | 'database';
  pid: number | undefined;
  /** Why there is no pid: the figure is then n/a. */
  unavailable?: string;
  /** A service's V8 heap limit (--max-old-space-size), in MiB. */
  heapLimitMiB?: number;
  /** Reads the V8 heap in use, in bytes (a service's /metrics): sampled less often than RSS. */
  heapUsed?: () => Promise<number | undefined>;
}

export interface MemoryFigure {
  name: string;
  kind: MemoryTarget['kind'];
  /**
   * The median of the samples taken while the load stages ran, in MiB: what the process holds
   * under load once warm, a spike or two aside. Null when the process cannot be seen.
   */
  steadyMiB: number | null;
  /** The most resident during the run (a service: since it started), in MiB. */
  peakMiB: number | null;
  /** The samples the steady figure is the median of. */
  loadSamples: number;
  /** The peak while each stage ran. */
  byStageMiB: Record<string, number>;
  heapLimitMiB?: number;
  /** The most V8 heap in use seen (nodejs_heap_size_used_bytes), in MiB: the limit's headroom. */
  heapUsedPeakMiB?: number;
  /** How it was measured, or why it is missing. */
  method: string;
}

/** Finding a database's processes scans all of /proc: done this often, not at every sample. */
const TREE_REFRESH_MS = 10_000;

/** A /metrics answer costs the service a little CPU: asked this often. */
const HEAP_INTERVAL_MS = 2_000;

/**
 * Samples the resident memory of the services, the broker and the database every `intervalMs`
 * (/proc/<pid>/status on Linux, cheap enough not to disturb the run): RSS for one process; for
 * PostgreSQL's processes, their private pages plus their shared pages once. Each sample is
 * filed under the stage that runs; the stages named in `loadStages` make the steady figure.
 */
export class MemorySampler {
  private readonly samples = new Map<string, Map<string, number[]>>();
  private readonly trees = new Map<number, { pids: number[]; at: number }>();
  private readonly heapPeaks = new Map<string, number>();
  private readonly loadStages: ReadonlySet<string>;
  private currentStage = 'start';
  private timer?: NodeJS.Timeout;
  private heapTimer?: NodeJS.Timeout;
  private heapReading = false;

  constructor(
    private readonly targets: readonly MemoryTarget[],
    loadStages: readonly string[],
    private readonly intervalMs = 500,
  ) {
    this.loadStages = new Set(loadStages);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    if (this.targets.some((target) => target.heapUsed)) {
      void this.sampleHeaps();
      this.heapTimer = setInterval(() => void this.sampleHeaps(), HEAP_INTERVAL_MS);
      this.heapTimer.unref();
    }
  }

  stage(name: string): void {
    this.sample();
    this.currentStage = name;
  }

  /** Stops sampling; call it while the services still run (their VmHWM is read here). */
  stop(): MemoryFigure[] {
    this.sample();
    clearInterval(this.timer);
    clearInterval(this.heapTimer);
    return this.targets.map((target) => this.figure(target));
  }

  private sample(): void {
    for (const target of this.targets) {
      const bytes = this.measure(target);
      if (bytes === undefined) continue;
      const byStage = this.samples.get(target.name) ?? new Map<string, number[]>();
      this.samples.set(target.name, byStage);
      const samples = byStage.get(this.currentStage) ?? [];
      byStage.set(this.currentStage, samples);
      samples.push(bytes);
    }
  }

  private async sampleHeaps(): Promise<void> {
    if (this.heapReading) return;
    this.heapReading = true;
    try {
      await Promise.all(
        this.targets.map(async (target) => {
          // A service too busy to answer in time is simply not sampled this round.
          const bytes = await target.heapUsed?.().catch(() => undefined);
          if (bytes === undefined) return;
          this.heapPeaks.set(target.name, Math.max(this.heapPeaks.get(target.name) ?? 0, bytes));
        }),
      );
    } finally {
      this.heapReading = false;
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
    const byStage = [...(this.samples.get(target.name) ?? new Map<string, number[]>())];
    const byStageMiB = Object.fromEntries(
      byStage.map(([stage, bytes]) => [stage, toMiB(Math.max(...bytes))]),
    );
    const all = byStage.flatMap(([, bytes]) => bytes);
    const underLoad = byStage
      .filter(([stage]) => this.loadStages.has(stage))
      .flatMap(([, bytes]) => bytes);
    const common = {
      name: target.name,
      kind: target.kind,
      loadSamples: underLoad.length,
      byStageMiB,
      ...(target.heapLimitMiB === undefined ? {} : { heapLimitMiB: target.heapLimitMiB }),
      ...(this.heapPeaks.has(target.name)
        ? { heapUsedPeakMiB: toMiB(this.heapPeaks.get(target.name) ?? 0) }
        : {}),
    };
    if (target.pid === undefined || all.length === 0) {
      return {
        ...common,
        steadyMiB: null,
        peakMiB: null,
        method: target.unavailable ?? 'n/a: the process could not be read',
      };
    }
    const steady = median(underLoad);
    const steadyMiB = steady === undefined ? null : toMiB(steady);
    const sampling = `sampled every ${this.intervalMs} ms; steady = median of the ${underLoad.length} samples of the load stages (${[...this.loadStages].join(', ')})`;
    if (target.kind === 'service') {
      const highWater = residentMemory(target.pid)?.peak ?? 0;
      return {
        ...common,
        steadyMiB,
        peakMiB: toMiB(Math.max(...all, highWater)),
        method: `VmRSS of pid ${target.pid}, ${sampling}; peak = VmHWM (its peak RSS since it started)`,
      };
    }
    return {
      ...common,
      steadyMiB,
      peakMiB: toMiB(Math.max(...all)),
      method:
        (target.kind === 'database'
          ? `private RSS of pid ${target.pid} and its children plus their shared RSS once`
          : `VmRSS of pid ${target.pid}`) + `, ${sampling}; peak = the largest sample`,
    };
  }
}

/** The middle sample (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
