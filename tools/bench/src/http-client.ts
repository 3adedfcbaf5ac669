import http from 'node:http';

export interface JsonAnswer<Body = unknown> {
  status: number;
  body: Body;
}

/**
 * A keep-alive HTTP client with as many sockets as requests in flight, lighter than fetch: the
 * bench shares the machine's two cores with what it measures.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request<Body = unknown>(
    method: string,
    url: string,
    {
      body,
      headers = {},
      timeoutMs = 30_000,
    }: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<JsonAnswer<Body>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: response.statusCode ?? 0, body: parseJson(text) as Body });
          });
        },
      );
      // From the call, not from the socket: a request queued behind busy sockets times out too.
      const timer = setTimeout(
        () => request.destroy(new RequestTimeoutError(timeoutMs)),
        timeoutMs,
      );
      request.on('close', () => clearTimeout(timer));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';

  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
