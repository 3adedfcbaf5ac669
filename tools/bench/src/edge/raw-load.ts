import net from 'node:net';
import { LatencyRecorder, LatencySummary } from '../latency';

export interface LoadOptions {
  port: number;
  /** Whole HTTP/1.1 requests, sent in turn (and again from the first when all were sent). */
  requests: readonly Buffer[];
  /** How many requests to send in all. */
  total: number;
  /** Keep-alive connections, each with one request in flight. */
  concurrency: number;
}

export interface LoadRun {
  seconds: number;
  /** Answers by status, and `failed` for a connection lost before its answer. */
  statuses: Record<string, number>;
  /** Of the 201 answers. */
  latencyMs: LatencySummary;
  /** The load generator's own CPU (user + system) over the run. */
  cpuMs: number;
}

/**
 * An autocannon-like closed loop: `concurrency` keep-alive connections, each writing a
 * prepared request and waiting for the whole answer before the next. Far cheaper per request
 * than node:http's client, so that the server, not the load generator, is what is measured.
 */
export async function driveLoad({
  port,
  requests,
  total,
  concurrency,
}: LoadOptions): Promise<LoadRun> {
  if (requests.length === 0) throw new Error('no request to send');
  const latency = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let issued = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const worker = async () => {
    let connection = await Connection.open(port);
    try {
      while (issued < total) {
        const request = requests[issued++ % requests.length] as Buffer;
        const sentAt = performance.now();
        try {
          const status = await connection.exchange(request);
          if (status === 201) latency.record(performance.now() - sentAt);
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch {
          statuses['failed'] = (statuses['failed'] ?? 0) + 1;
          connection.close();
          connection = await Connection.open(port);
        }
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, statuses, latencyMs: latency.summary(), cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** A POST with a JSON body, as one buffer. */
export function postRequest(
  path: string,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): Buffer {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: keep-alive',
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/**
 * Whether `received` holds a whole HTTP/1.1 answer: its status and length in bytes, or
 * undefined while some is missing. Every server measured answers with a Content-Length; an
 * answer without one is an error rather than something to guess the end of.
 */
export function completeAnswer(received: Buffer): { status: number; length: number } | undefined {
  const headEnd = received.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = received.toString('latin1', 0, headEnd);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!status) throw new Error(`not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}`);
  const contentLength = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(head);
  if (!contentLength) throw new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`);
  const length = headEnd + 4 + Number(contentLength[1]);
  return received.length >= length ? { status: Number(status[1]), length } : undefined;
}

class Connection {
  private received: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (status: number) => void; reject: (error: Error) => void };

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
    });
  }

  exchange(request: Buffer): Promise<number> {
    if (this.pending) throw new Error('one request at a time on a connection');
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    let answer;
    try {
      answer = completeAnswer(this.received);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (answer === undefined) return;
    if (this.received.length > answer.length) {
      this.fail(new Error('more bytes than the answer to the request in flight'));
      return;
    }
    this.received = Buffer.alloc(0);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(answer.status);
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.received = Buffer.alloc(0);
    pending?.reject(error);
  }
}
