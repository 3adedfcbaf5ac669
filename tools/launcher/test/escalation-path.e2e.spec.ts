import { JwtService } from '@nestjs/jwt';
import { Kafka, logLevel } from 'kafkajs';
import { TechnicianTokens } from '@helpdesk/event-log-nest';
import { SupportLevel } from '@helpdesk/ticket-events';
import { waitFor } from '@helpdesk/testing';
import { ServiceName } from '../src/services';
import { Answer, call } from './support/http-client';
import { RunningProduct } from '../src/running-product';
import { requiredEnv } from './support/required-env';

/**
 * The product end to end: the four services as processes on a real Kafka broker and a real
 * PostgreSQL, driven through their HTTP APIs the way integrators and technicians use them.
 */
describe('the escalation path, level 1 to level 3', () => {
  const product = new RunningProduct({
    brokers: requiredEnv('KAFKA_BROKERS'),
    databaseUrl: requiredEnv('DATABASE_URL'),
  });
  const tokens = new TechnicianTokens(
    new JwtService({ secret: product.secrets.AUTH_SECRET, signOptions: { algorithm: 'HS256' } }),
  );
  const technician = (id: string, level: SupportLevel, supervisor = false) =>
    tokens.issue({ id, name: id, level, supervisor });
  let apiKey: string;
  let category: string;
  const tickets: string[] = [];

  beforeAll(async () => {
    await product.start();
    const key = await call('POST', product.url('intake', '/api/v1/admin/integrator-keys'), {
      token: product.secrets.ADMIN_API_TOKEN,
      body: { name: 'ACME ERP' },
    });
    expect(key.status).toBe(201);
    apiKey = key.body.key;
    const guide = await call('GET', product.url('intake', '/api/v1/contact-guide'), { apiKey });
    category = guide.body.categories?.[0]?.id ?? guide.body[0]?.id;
  }, 180_000);

  afterAll(() => product.stop());

  const at = (service: ServiceName, path: string) => product.url(service, path);

  async function submit(summary: string, impact = 'high', urgency = 'high'): Promise<Answer> {
    const answer = await call('POST', at('intake', '/api/v1/tickets'), {
      apiKey,
      body: {
        requester: { name: 'Margaret Hamilton', email: 'margaret@example.com' },
        channel: 'api',
        category,
        summary,
        description: `${summary}. Started this morning, other colleagues are fine.`,
        impact,
        urgency,
      },
    });
    if (answer.status === 201) tickets.push(answer.body.id);
    return answer;
  }

  /** Waits until a tier's view of the ticket satisfies `ready` (the log is asynchronous). */
  async function eventually(
    description: string,
    read: () => Promise<Answer>,
    ready: (answer: Answer) => boolean,
  ): Promise<Answer> {
    let last: Answer | undefined;
    await product.explainFailure(() =>
      waitFor(
        async () => {
          last = await read();
          return ready(last);
        },
        {
          description: `${description} (last answer: ${JSON.stringify(last)})`,
          timeoutMs: 30_000,
          intervalMs: 100,
        },
      ),
    );
    return last!;
  }

  const requesterView = (id: string) => () =>
    call('GET', at('intake', `/api/v1/tickets/${id}`), { apiKey });

  it('takes a ticket from the API through L1, L2 with a remote session, to L3 on network, and closes it', async () => {
    const l1 = await technician('l1-ada', 'L1');
    const l2 = await technician('l2-grace', 'L2');
    // A network specialist of the seed (services/specialist's migration).
    const l3 = await technician('specialist-network', 'L3');

    const submitted = await submit('VPN drops every few minutes');
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ level: 'L1', priority: 'P1' });
    const id: string = submitted.body.id;

    const queue = await eventually(
      'the ticket in the L1 queue',
      () => call('GET', at('triage', '/api/v1/queue'), { token: l1 }),
      (answer) => JSON.stringify(answer.body).includes(id),
    );
    expect(JSON.stringify(queue.body)).toContain('P1');

    expect(
      (await call('POST', at('triage', `/api/v1/tickets/${id}/take`), { token: l1 })).status,
    ).toBeLessThan(300);
    const escalated = await call('POST', at('triage', `/api/v1/tickets/${id}/escalate`), {
      token: l1,
      body: { reason: 'The tunnel drops; needs a look at the client logs remotely' },
    });
    expect(escalated.status).toBeLessThan(300);

    await eventually(
      'the ticket owned by L2',
      () => call('POST', at('back-office', `/api/v1/tickets/${id}/take`), { token: l2 }),
      (answer) => answer.status < 300,
    );
    expect(
      (
        await call('POST', at('back-office', `/api/v1/tickets/${id}/diagnosis`), {
          token: l2,
          body: { diagnosis: 'MTU mismatch on the home router', outcome: 'remote-session' },
        })
      ).status,
    ).toBeLessThan(300);
    const session = await call('POST', at('back-office', `/api/v1/tickets/${id}/remote-sessions`), {
      token: l2,
    });
    expect(session.status).toBeLessThan(300);
    expect(JSON.stringify(session.body)).toMatch(/https?:\/\//);
    const sessionId: string = session.body.events[0].data.sessionId;
    const ended = await call(
      'POST',
      at('back-office', `/api/v1/tickets/${id}/remote-sessions/${sessionId}/end`),
      { token: l2, body: { notes: 'Client logs show the tunnel torn down by the concentrator' } },
    );
    expect(ended.status).toBeLessThan(300);
    expect(
      (
        await call('POST', at('back-office', `/api/v1/tickets/${id}/escalate`), {
          token: l2,
          body: {
            reason: 'Needs the network team: the concentrator drops the tunnel',
            domain: 'network',
          },
        })
      ).status,
    ).toBeLessThan(300);

    await eventually(
      'the ticket in the L3 network queue',
      () => call('GET', at('specialist', '/api/v1/queues/network'), { token: l3 }),
      (answer) => JSON.stringify(answer.body).includes(id),
    );
    expect(
      (await call('POST', at('specialist', `/api/v1/tickets/${id}/take`), { token: l3 })).status,
    ).toBeLessThan(300);
    expect(
      (
        await call('POST', at('specialist', `/api/v1/tickets/${id}/resolve`), {
          token: l3,
          body: { resolution: 'Raised the concentrator idle timeout; tunnel stable for 2 hours' },
        })
      ).status,
    ).toBeLessThan(300);

    await eventually(
      'the requester to see it resolved',
      requesterView(id),
      (answer) => answer.body.status === 'resolved',
    );
    await eventually(
      'the confirmation to reach L3',
      () => call('POST', at('intake', `/api/v1/tickets/${id}/confirmation`), { apiKey }),
      (answer) => answer.status < 300,
    );
    const closed = await eventually(
      'the ticket closed',
      requesterView(id),
      (answer) => answer.body.status === 'closed',
    );
    expect(JSON.stringify(closed.body)).not.toContain('MTU mismatch');
  });

  it('solves a second ticket at level 1 with a knowledge-base article', async () => {
    const l1 = await technician('l1-ada', 'L1');
    const submitted = await submit('Printer on the 3rd floor shows offline', 'low', 'medium');
    expect(submitted.body.priority).toBe('P4');
    const id: string = submitted.body.id;
    const search = await call('GET', at('triage', '/api/v1/knowledge-base?q=printer%20offline'), {
      token: l1,
    });
    const article = (search.body.items ?? search.body)[0];
    expect(article).toBeDefined();
    await eventually(
      'L1 to take it',
      () => call('POST', at('triage', `/api/v1/tickets/${id}/take`), { token: l1 }),
      (answer) => answer.status < 300,
    );
    const resolved = await call('POST', at('triage', `/api/v1/tickets/${id}/resolve`), {
      token: l1,
      body: { knowledgeArticleId: article.id },
    });
    expect(resolved.status).toBeLessThan(300);
    await eventually(
      'the requester to see it resolved',
      requesterView(id),
      (answer) => answer.body.status === 'resolved',
    );
  });

  it('ends a third ticket at level 2 with a hardware return', async () => {
    const l1 = await technician('l1-ada', 'L1');
    const l2 = await technician('l2-grace', 'L2');
    const id: string = (await submit('Laptop screen flickers and goes black', 'medium', 'medium'))
      .body.id;
    await eventually(
      'L1 to escalate it',
      () =>
        call('POST', at('triage', `/api/v1/tickets/${id}/escalate`), {
          token: l1,
          body: { reason: 'Hardware fault suspected' },
        }),
      (answer) => answer.status < 300,
    );
    await eventually(
      'L2 to take it',
      () => call('POST', at('back-office', `/api/v1/tickets/${id}/take`), { token: l2 }),
      (answer) => answer.status < 300,
    );
    const steps = [
      ['diagnosis', { diagnosis: 'Display cable damaged', outcome: 'hardware-return' }],
      ['hardware-return', { step: 'requested' }],
      ['hardware-return', { step: 'shipped' }],
      ['hardware-return', { step: 'received' }],
      ['hardware-return', { step: 'replaced', note: 'Display assembly replaced' }],
      ['resolve', { resolution: 'Laptop repaired and returned' }],
    ] as const;
    for (const [action, body] of steps) {
      const answer = await call('POST', at('back-office', `/api/v1/tickets/${id}/${action}`), {
        token: l2,
        body,
      });
      if (answer.status >= 300)
        throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    await eventually(
      'the requester to see it resolved',
      requesterView(id),
      (answer) => answer.body.status === 'resolved',
    );
  });

  it('refuses wrong requests with the right 4xx and changes nothing', async () => {
    const l1 = await technician('l1-ada', 'L1');
    const before = await logSize(product);
    const post = (body: unknown, key = apiKey, headers: Record<string, string> = {}) =>
      call('POST', at('intake', '/api/v1/tickets'), { apiKey: key, body, headers });
    const valid = {
      requester: { name: 'Linus', email: 'linus@example.com' },
      channel: 'api',
      category,
      summary: 'Outlook keeps asking for my password',
      description: 'Every ten minutes.',
      impact: 'medium',
      urgency: 'medium',
    };

    const malformed = await post('{"requester": ');
    expect(malformed.status).toBe(400);
    const unknownField = await post({ ...valid, colour: 'blue' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toContain('colour');
    const unknownCategory = await post({ ...valid, category: 'astrology' });
    expect([400, 422]).toContain(unknownCategory.status);
    expect(JSON.stringify(unknownCategory.body)).toContain('category');
    expect((await post(valid, 'hd_not-a-key')).status).toBe(401);

    const other = await call('POST', at('intake', '/api/v1/admin/integrator-keys'), {
      token: product.secrets.ADMIN_API_TOKEN,
      body: { name: 'Other company' },
    });
    const othersTicket = await call('GET', at('intake', `/api/v1/tickets/${tickets[0]!}`), {
      apiKey: other.body.key,
    });
    expect(othersTicket.status).toBe(404);
    expect(
      (
        await call('DELETE', at('intake', `/api/v1/admin/integrator-keys/${other.body.id}`), {
          token: product.secrets.ADMIN_API_TOKEN,
        })
      ).status,
    ).toBeLessThan(300);
    expect((await post(valid, other.body.key)).status).toBe(401);

    // The first ticket is closed at L3: L1 does not own it.
    const notOwner = await call('POST', at('triage', `/api/v1/tickets/${tickets[0]!}/take`), {
      token: l1,
    });
    expect(notOwner.status).toBe(409);

    const first = await post(valid, apiKey, { 'idempotency-key': 'order-4711' });
    expect(first.status).toBe(201);
    const replay = await post(valid, apiKey, { 'idempotency-key': 'order-4711' });
    expect(replay.body.id).toBe(first.body.id);
    const otherBody = await post({ ...valid, summary: 'Something else' }, apiKey, {
      'idempotency-key': 'order-4711',
    });
    expect([409, 422]).toContain(otherBody.status);

    // Only the one accepted ticket added events: submitted and prioritized.
    await waitFor(async () => (await logSize(product)) >= before + 2, {
      description: 'its two events on the log',
      timeoutMs: 15_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await logSize(product)).toBe(before + 2);
  });

  it('leaves every read model in agreement and each ticket with sequence 1..n on the log', async () => {
    const history = await readLog(product);
    for (const [ticketId, sequences] of history) {
      expect({ ticketId, sequences }).toEqual({
        ticketId,
        sequences: Array.from({ length: sequences.length }, (_, index) => index + 1),
      });
    }
    await product.explainFailure(() =>
      waitFor(
        async () => {
          const views = await Promise.all(
            (['intake', 'triage', 'back-office', 'specialist'] as const).map((name) =>
              product.query(
                async (client) =>
                  (
                    await client.query<{
                      ticket_id: string;
                      sequence: number;
                      owner: string;
                      status: string;
                    }>(
                      `SELECT ticket_id, sequence, owner, status FROM ${product.schemaOf(name)}.ticket_lifecycle ORDER BY ticket_id`,
                    )
                  ).rows,
              ),
            ),
          );
          const expected = [...history].map(([ticketId, sequences]) => ({
            ticketId,
            sequence: sequences.length,
          }));
          return (
            views.every((view) => JSON.stringify(view) === JSON.stringify(views[0])) &&
            expected.every(({ ticketId, sequence }) =>
              views[0]!.some((row) => row.ticket_id === ticketId && row.sequence === sequence),
            )
          );
        },
        { description: 'the four read models to agree with the log', timeoutMs: 30_000 },
      ),
    );
  });
});

/** Every ticket's sequence numbers in log order, read from the topic with a plain consumer. */
async function readLog(product: RunningProduct): Promise<Map<string, number[]>> {
  const kafka = new Kafka({
    brokers: requiredEnv('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(product.topic);
  await admin.disconnect();
  const total = ends.reduce((sum, end) => sum + Number(end.high), 0);
  const consumer = kafka.consumer({ groupId: `e2e-reader-${Date.now()}` });
  const history = new Map<string, number[]>();
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: product.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString()) as { ticketId: string; sequence: number };
      history.set(event.ticketId, [...(history.get(event.ticketId) ?? []), event.sequence]);
      seen++;
    },
  });
  await waitFor(() => seen >= total, {
    description: `all ${total} events of the topic`,
    timeoutMs: 30_000,
  });
  await consumer.disconnect();
  return history;
}

async function logSize(product: RunningProduct): Promise<number> {
  const admin = new Kafka({
    brokers: requiredEnv('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(product.topic)).reduce(
      (sum, end) => sum + Number(end.high),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}
