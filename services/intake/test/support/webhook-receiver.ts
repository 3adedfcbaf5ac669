import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived: what the signature covers. */
  rawBody: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * An integrator's endpoint: a real HTTP server on loopback that records every delivery and
 * answers 200, or what a test scripts for a path (e.g. 500 twice).
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly failures = new Map<string, { status: number; remaining: number }>();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        const failure = this.failures.get(path);
        const status = failure && failure.remaining > 0 ? failure.status : 200;
        if (failure) failure.remaining--;
        this.received.push({
          path,
          headers: request.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status === 200 ? 'ok' : 'not now');
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The next `times` deliveries to `path` get `status`. */
  fail(path: string, times: number, status = 500): void {
    this.failures.set(path, { status, remaining: times });
  }

  to(path: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
