import { spawn } from 'node:child_process';
import net from 'node:net';
import { cpuTimeMs, groupMemory, listeningPid, processTree, residentMemory } from './process-stats';

describe('process memory and CPU from /proc', () => {
  it('finds the process listening on a port', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(listeningPid((server.address() as net.AddressInfo).port)).toBe(process.pid);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads the resident and peak memory of a process, and its descendants', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 10_000)']);
    await new Promise((resolve) => child.once('spawn', resolve));
    try {
      const memory = residentMemory(process.pid);
      expect(memory?.rss).toBeGreaterThan(1024 * 1024);
      expect(memory?.peak).toBeGreaterThanOrEqual(memory?.rss ?? Infinity);
      expect(processTree(process.pid)).toEqual(expect.arrayContaining([process.pid, child.pid]));
      // Two node processes map the same binary: counted once, the pair is less than both RSS.
      const pair = [process.pid, child.pid ?? 0];
      const both = pair.reduce((sum, pid) => sum + (residentMemory(pid)?.rss ?? 0), 0);
      expect(groupMemory(pair)).toBeLessThan(both);
      expect(groupMemory(pair)).toBeGreaterThan(memory?.anonymous ?? Infinity);
    } finally {
      child.kill();
    }
  });

  it('reads the CPU time a process has used, which grows as it works', () => {
    const before = cpuTimeMs(process.pid) ?? Infinity;
    const busyUntil = Date.now() + 200;
    while (Date.now() < busyUntil) Math.sqrt(Math.random());
    expect(cpuTimeMs(process.pid)).toBeGreaterThanOrEqual(before + 100);
  });

  it('reads nothing of a process that is gone', () => {
    expect(residentMemory(2 ** 22 + 1)).toBeUndefined();
    expect(cpuTimeMs(2 ** 22 + 1)).toBeUndefined();
  });
});
