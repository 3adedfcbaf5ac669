import { spawn } from 'node:child_process';
import { terminate, whenExited } from './child-exit';

describe('terminate', () => {
  it('stops a child with SIGTERM', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)']);
    const exited = whenExited(child);

    await expect(terminate(child, exited, 5_000)).resolves.toEqual({
      code: null,
      signal: 'SIGTERM',
    });
  });

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "process.on('SIGTERM', () => undefined); console.log('ready'); setInterval(() => undefined, 1000)",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = whenExited(child);
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const startedAt = Date.now();

    await expect(terminate(child, exited, 300)).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
  });

  it('reports a process that could not start', async () => {
    const child = spawn('/nonexistent/program');
    const exited = whenExited(child);

    await expect(terminate(child, exited, 1_000)).resolves.toMatchObject({
      error: expect.objectContaining({ code: 'ENOENT' }),
    });
  });
});
