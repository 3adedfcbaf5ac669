import { cpuTimeMs, processTree } from './process-stats';

export interface CpuTarget {
  name: string;
  pid: number | undefined;
  /** A server of many processes (PostgreSQL): its children's time counts, the ended ones too. */
  tree?: boolean;
}

/** CPU ms a process used between start() and stop(); null when it could not be read. */
export type CpuUse = Record<string, number | null>;

/**
 * What each process of the run spent on the CPU during a stage, from /proc (user + system
 * time): divided by the tickets, it says where a ticket's time goes across the services, the
 * broker, the database and the load generator itself.
 */
export class CpuMeter {
  private readonly before = new Map<string, number>();
  private benchBefore?: NodeJS.CpuUsage;

  constructor(private readonly targets: readonly CpuTarget[]) {}

  start(): void {
    this.benchBefore = process.cpuUsage();
    for (const target of this.targets) {
      const used = this.read(target);
      if (used !== undefined) this.before.set(target.name, used);
    }
  }

  stop(): CpuUse {
    const use: CpuUse = {};
    for (const target of this.targets) {
      const start = this.before.get(target.name);
      const end = this.read(target);
      use[target.name] = start === undefined || end === undefined ? null : end - start;
    }
    const bench = process.cpuUsage(this.benchBefore);
    use['bench (load generator)'] = (bench.user + bench.system) / 1000;
    return use;
  }

  private read(target: CpuTarget): number | undefined {
    if (target.pid === undefined) return undefined;
    if (!target.tree) return cpuTimeMs(target.pid);
    const [root, ...children] = processTree(target.pid);
    if (root === undefined) return undefined;
    const own = cpuTimeMs(root, true);
    if (own === undefined) return undefined;
    return children.reduce((sum, pid) => sum + (cpuTimeMs(pid) ?? 0), own);
  }
}
