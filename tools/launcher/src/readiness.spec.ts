import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ReadinessProgress, probeReadiness, waitUntilReady } from './readiness';
import { freePorts } from './ports';

describe('readiness', () => {
  let server: http.Server;
  let answer: { status: number; body: unknown };
  let url: string;

  beforeEach(async () => {
    answer = { status: 200, body: { status: 'ok' } };
    server = http.createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('is ready on 200', async () => {
    await expect(probeReadiness(url)).resolves.toEqual({ ready: true });
  });

  it('says which checks are down on 503', async () => {
    answer = {
      status: 503,
      body: {
        status: 'error',
        details: {
          database: { status: 'up' },
          projection: { status: 'down', reason: '3 positions behind (running)' },
        },
      },
    };

    await expect(probeReadiness(url)).resolves.toEqual({
      ready: false,
      reason: '503 (projection: 3 positions behind (running))',
    });
  });

  it('says when nothing listens yet', async () => {
    const [port] = await freePorts(1);

    await expect(probeReadiness(`http://127.0.0.1:${port}/health/ready`)).resolves.toEqual({
      ready: false,
      reason: 'not listening yet',
    });
  });

  it('waits until every target is ready, reporting each change', async () => {
    const [closedPort] = await freePorts(1);
    const targets = [
      { name: 'up', url },
      { name: 'late', url: `http://127.0.0.1:${closedPort}/health/ready` },
    ];
    const changes: ReadinessProgress[] = [];
    const late = http.createServer((_request, response) => response.end('{}'));
    setTimeout(() => late.listen(closedPort, '127.0.0.1'), 300);

    await waitUntilReady(targets, {
      onChange: (progress) => changes.push(progress),
      onStillWaiting: () => undefined,
      intervalMs: 50,
      signal: new AbortController().signal,
    });
    await new Promise((resolve) => late.close(resolve));

    expect(changes).toEqual([
      { ready: ['up'], pending: [{ name: 'late', reason: 'not listening yet' }] },
      { ready: ['up', 'late'], pending: [] },
    ]);
  });

  it('gives up when aborted', async () => {
    answer = { status: 503, body: {} };
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopping')), 100);

    await expect(
      waitUntilReady([{ name: 'never', url }], {
        onChange: () => undefined,
        onStillWaiting: () => undefined,
        intervalMs: 20,
        signal: controller.signal,
      }),
    ).rejects.toThrow('stopping');
  });
});
