import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { SupportLevel } from '@helpdesk/ticket-events';

export interface TierCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface TierReply {
  status: number;
  body: unknown;
}

/**
 * A stand-in for a tier service's internal API (another process in production): it records
 * what intake sends and answers like RequesterActionsController does (401 without the
 * internal token, 200 with the command's result, or what a test scripts for a ticket).
 */
export class FakeTier {
  readonly calls: TierCall[] = [];
  private readonly scripted = new Map<string, TierReply>();

  private readonly server: Server;

  private constructor(
    readonly level: SupportLevel,
    private readonly internalToken: string,
  ) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = this.answer({
          path: request.url ?? '',
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
        });
        response.writeHead(reply.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply.body));
      });
    });
  }

  static async start(level: SupportLevel, internalToken: string): Promise<FakeTier> {
    const tier = new FakeTier(level, internalToken);
    await new Promise<void>((resolve) => tier.server.listen(0, '127.0.0.1', resolve));
    return tier;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next call on this ticket gets this answer (once). */
  script(ticketId: string, reply: TierReply): void {
    this.scripted.set(ticketId, reply);
  }

  callsFor(ticketId: string): TierCall[] {
    return this.calls.filter((call) => call.path.includes(ticketId));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(call: TierCall): TierReply {
    this.calls.push(call);
    if (call.headers.authorization !== `Bearer ${this.internalToken}`) {
      return {
        status: 401,
        body: { statusCode: 401, message: 'a valid internal token is required' },
      };
    }
    const ticketId = /\/internal\/v1\/tickets\/([^/]+)\/requester\//.exec(call.path)?.[1] ?? '';
    const scripted = this.scripted.get(ticketId);
    if (scripted) {
      this.scripted.delete(ticketId);
      return scripted;
    }
    return {
      status: 200,
      body: {
        state: {
          ticketId,
          sequence: 3,
          owner: this.level,
          status: 'in-progress',
          priority: 'P3',
          assignee: 'tech-secret-99',
          domain: null,
          resolvedBy: null,
          resolvedAt: null,
          submittedAt: '2026-11-24T09:00:00.000Z',
          updatedAt: '2026-11-24T09:30:00.000Z',
        },
        events: [],
      },
    };
  }
}

/** A loopback URL nothing listens on: a tier that is down. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
