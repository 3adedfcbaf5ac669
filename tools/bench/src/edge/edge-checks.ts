import http from 'node:http';
import { ticketRequest } from '../payloads';
import { EdgeCheck } from './edge-report';

export const BENCH_CATEGORY = 'network-vpn';

interface CheckRequest {
  name: string;
  /** The raw body: some checks are not JSON, or too big. */
  body: string;
  withKey: boolean;
  expectedStatus: number;
  /** One of the answer's messages must be exactly this (as intake's tests pin it). */
  expectedMessage?: string;
}

/** `[[[…"x"…]]]`, `depth` arrays deep. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

export function checkRequests(): CheckRequest[] {
  const valid = ticketRequest(1, BENCH_CATEGORY);
  const json = (body: unknown) => JSON.stringify(body);
  return [
    { name: 'a valid ticket', body: json(valid), withKey: true, expectedStatus: 201 },
    { name: 'no API key', body: json(valid), withKey: false, expectedStatus: 401 },
    {
      name: 'an unknown field',
      body: json({ ...valid, assignee: 'someone' }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'property assignee should not exist',
    },
    {
      name: 'an unknown field of the requester',
      body: json({ ...valid, requester: { ...valid.requester, mobile: '555' } }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'requester.property mobile should not exist',
    },
    {
      name: 'a wrong email',
      body: json({ ...valid, requester: { ...valid.requester, email: 'not-an-address' } }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'requester.email must be an email',
    },
    {
      name: 'a blank summary',
      body: json({ ...valid, summary: '   ' }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'summary should not be empty',
    },
    {
      name: 'an unknown impact',
      body: json({ ...valid, impact: 'huge' }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'impact must be one of the following values: low, medium, high',
    },
    {
      name: 'a body nested 40 deep',
      body: json({ ...valid, description: nested(40) }),
      withKey: true,
      expectedStatus: 400,
      expectedMessage: 'description is nested more than 32 levels deep',
    },
    {
      name: 'a body over 64 kB',
      body: json({ ...valid, description: 'x'.repeat(70_000) }),
      withKey: true,
      expectedStatus: 413,
      // Pinned by intake's hostile-input suite.
      expectedMessage: 'request entity too large',
    },
    {
      // Intake drops such keys without a word (its hostile-input oracle pins it).
      name: 'a __proto__ key',
      body: json(valid).replace(/^\{/, '{"__proto__":{"admin":true},'),
      withKey: true,
      expectedStatus: 201,
    },
    { name: 'malformed JSON', body: '{"requester": ', withKey: true, expectedStatus: 400 },
  ];
}

/** Sends each check request on a connection of its own and compares the answer. */
export async function runChecks(port: number, apiKey: string): Promise<EdgeCheck[]> {
  const checks: EdgeCheck[] = [];
  for (const request of checkRequests()) {
    const answer = await send(port, request.body, request.withKey ? apiKey : undefined).catch(
      (error: unknown) => ({
        status: 'failed' as const,
        body: error instanceof Error ? error.message : String(error),
      }),
    );
    const message = messageOf(answer.body);
    checks.push({
      name: request.name,
      expectedStatus: request.expectedStatus,
      ...(request.expectedMessage !== undefined && { expectedMessage: request.expectedMessage }),
      status: answer.status,
      message,
      passed: answerPasses(request, answer.status, message),
    });
  }
  return checks;
}

export function answerPasses(
  request: Pick<CheckRequest, 'expectedStatus' | 'expectedMessage'>,
  status: number | string,
  message: unknown,
): boolean {
  if (status !== request.expectedStatus) return false;
  if (request.expectedMessage === undefined) return true;
  const messages = Array.isArray(message) ? message : [message];
  return messages.includes(request.expectedMessage);
}

function messageOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
}

function send(
  port: number,
  body: string,
  apiKey: string | undefined,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/tickets',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(apiKey !== undefined && { 'x-api-key': apiKey }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // An HTML or text answer is kept as it is.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
