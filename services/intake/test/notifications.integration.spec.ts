import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { Client } from 'pg';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketEvent, createTestTopic, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { RequesterAccess } from '../src/portal/requester-access';
import { deadUrl } from './support/fake-tier';
import { LoopbackSmtp } from './support/loopback-smtp';
import { ReceivedDelivery, WebhookReceiver } from './support/webhook-receiver';

/**
 * Notifications on PostgreSQL and Kafka: the requester hears by email (a real SMTP listener on
 * loopback) that their request arrived, what the technician asks, that it is resolved; an
 * integrator's webhook (a real HTTP server) gets its tickets' events, signed, retried until
 * its receiver takes them, with a delivery log an admin reads.
 */

const ADMIN_API_TOKEN = 'admin-token-for-notification-tests';
const INTERNAL_API_TOKEN = 'internal-token-for-notification-tests';
const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const PORTAL_URL = 'https://help.example.com/portal';
const MAX_ATTEMPTS = 4;

const aRequest = {
  requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
  channel: 'api',
  category: 'network-vpn',
  summary: 'VPN drops every five minutes',
  description: 'Since this morning the VPN client drops the connection every five minutes.',
  impact: 'high',
  urgency: 'medium',
};

let service: ServiceUnderTest;
let smtp: LoopbackSmtp;
let receiver: WebhookReceiver;
let db: Client;

interface Webhook {
  id: string;
  secret: string;
}

interface DeliveryLog {
  deliveries: {
    id: string;
    eventId: string;
    type: string;
    ticketId: string;
    status: string;
    attempts: { attempt: number; outcome: string; statusCode: number | null; error: string }[];
  }[];
}

async function newKey(name: string): Promise<{ id: string; key: string }> {
  const response = await service
    .http()
    .post('/api/v1/admin/integrator-keys')
    .set(admin)
    .send({ name })
    .expect(201);
  return { id: response.body.id, key: response.body.key };
}

async function registerWebhook(
  integratorKeyId: string,
  path: string,
  events: string[],
): Promise<Webhook> {
  const response = await service
    .http()
    .post('/api/v1/admin/webhooks')
    .set(admin)
    .send({ integratorKeyId, url: receiver.url(path), events })
    .expect(201);
  return { id: response.body.id, secret: response.body.secret };
}

async function submit(key: string, fields: object = {}): Promise<string> {
  const response = await service
    .http()
    .post('/api/v1/tickets')
    .set('X-Api-Key', key)
    .send({ ...aRequest, ...fields })
    .expect(201);
  return response.body.id;
}

async function deliveryLog(webhookId: string): Promise<DeliveryLog> {
  const response = await service
    .http()
    .get(`/api/v1/admin/webhooks/${webhookId}/deliveries`)
    .set(admin)
    .expect(200);
  return response.body;
}

async function outboxOf(ticketId: string): Promise<TicketEvent[]> {
  const { rows } = await db.query<{ event: TicketEvent }>(
    `SELECT event FROM "${service.schema}".outbox WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => row.event);
}

/** What a level puts on the log after intake's own first two events (sequence 3, 4, …). */
async function onTheLog(
  ticketId: string,
  drafts: Parameters<typeof aTicketEvent>[0][],
): Promise<TicketEvent[]> {
  await waitFor(
    async () => (await outboxOf(ticketId)).length === 2 && (await unpublished(ticketId)) === 0,
    { description: "intake's own events to reach the log", timeoutMs: 20_000 },
  );
  const { rows } = await db.query<{ sequence: number }>(
    `SELECT sequence FROM "${service.schema}".ticket_lifecycle WHERE ticket_id = $1`,
    [ticketId],
  );
  const next = (rows[0]?.sequence ?? 2) + 1;
  const events = drafts.map((draft, index) => aTicketEvent(draft, ticketId, next + index));
  await service.feed(events);
  return events;
}

async function unpublished(ticketId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "${service.schema}".outbox
      WHERE ticket_id = $1 AND published_at IS NULL`,
    [ticketId],
  );
  return rows[0]!.count;
}

async function mailAbout(ticketId: string, subjectStart: string) {
  await waitFor(() => smtp.about(ticketId).some((mail) => mail.subject?.startsWith(subjectStart)), {
    description: `the "${subjectStart}" email about ${ticketId}`,
    timeoutMs: 20_000,
  });
  return smtp.about(ticketId).find((mail) => mail.subject?.startsWith(subjectStart))!;
}

/** What the integrator's receiver does with a delivery, as docs/notifications.md tells it. */
function verifySignature(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = Number(headers['x-helpdesk-timestamp']);
  const signature = String(headers['x-helpdesk-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - timestamp) <= 300;
  return (
    fresh &&
    signature.length === expected.length &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}

function bodyOf(delivery: ReceivedDelivery): Record<string, unknown> {
  return JSON.parse(delivery.rawBody) as Record<string, unknown>;
}

function deliveredAbout(path: string, ticketId: string): ReceivedDelivery[] {
  return receiver.to(path).filter((delivery) => bodyOf(delivery)['ticketId'] === ticketId);
}

beforeAll(async () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  smtp = await LoopbackSmtp.start();
  receiver = await WebhookReceiver.start();
  const nowhere = await deadUrl();
  service = new ServiceUnderTest('intake', {
    EVENT_LOG: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    EVENT_LOG_TOPIC: await createTestTopic(brokers, { partitions: 2, prefix: 'intake-notify' }),
    INTERNAL_API_TOKEN,
    ADMIN_API_TOKEN,
    TRIAGE_URL: nowhere,
    BACK_OFFICE_URL: nowhere,
    SPECIALIST_URL: nowhere,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'IT Helpdesk <helpdesk@example.com>',
    PORTAL_URL,
    WEBHOOK_TIMEOUT_MS: '3000',
    NOTIFICATION_RETRY_BASE_MS: '100',
    NOTIFICATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    NOTIFICATION_POLL_MS: '50',
  });
  await service.start(async () => (await import('../src/app.module')).AppModule);
  db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end();
  await service?.stop();
  await receiver?.close();
  await smtp?.close();
});

describe('webhooks', () => {
  it('a receiver that fails twice gets the delivery on the third try, signed, and the log shows the three attempts', async () => {
    const key = await newKey('ERP');
    const webhook = await registerWebhook(key.id, '/erp', ['TicketSubmitted']);
    receiver.fail('/erp', 2, 500);

    const ticketId = await submit(key.key);

    await waitFor(() => receiver.to('/erp').some((delivery) => delivery.status === 200), {
      description: 'the delivery to get through',
      timeoutMs: 20_000,
    });
    const tries = receiver.to('/erp');
    expect(tries.map((delivery) => delivery.status)).toEqual([500, 500, 200]);
    const deliveryId = tries[0]!.headers['x-helpdesk-delivery'];
    expect(deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    for (const delivery of tries) {
      expect(delivery.headers['x-helpdesk-delivery']).toBe(deliveryId);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(verifySignature(webhook.secret, delivery.headers, delivery.rawBody)).toBe(true);
    }
    const third = tries[2]!;
    expect(verifySignature('whsec_someone-else', third.headers, third.rawBody)).toBe(false);
    const [submitted] = await outboxOf(ticketId);
    expect(bodyOf(third)).toEqual({
      id: submitted!.eventId,
      type: 'TicketSubmitted',
      ticketId,
      occurredAt: submitted!.occurredAt,
      data: {
        sequence: 1,
        text: aRequest.description,
        details: { channel: 'api', category: 'network-vpn', summary: aRequest.summary },
        status: 'new',
        level: 'L1',
        priority: null,
      },
    });

    const log = await deliveryLog(webhook.id);
    // TicketPrioritized came with the submission, but the webhook did not subscribe to it.
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      id: deliveryId,
      eventId: submitted!.eventId,
      type: 'TicketSubmitted',
      ticketId,
      status: 'delivered',
    });
    expect(log.deliveries[0]!.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'failed',
        statusCode: 500,
        error: 'HTTP 500',
      }),
      expect.objectContaining({
        attempt: 2,
        outcome: 'failed',
        statusCode: 500,
        error: 'HTTP 500',
      }),
      expect.objectContaining({ attempt: 3, outcome: 'delivered', statusCode: 200, error: null }),
    ]);
  });

  it("tells an integrator about its own tickets only, never another integrator's", async () => {
    const mine = await newKey('Monitoring');
    const theirs = await newKey('Asset manager');
    const myHook = await registerWebhook(mine.id, '/mine', ['TicketSubmitted']);
    const theirHook = await registerWebhook(theirs.id, '/theirs', ['TicketSubmitted']);

    const ticketId = await submit(mine.key);

    await waitFor(() => deliveredAbout('/mine', ticketId).length === 1, {
      description: 'the delivery to the integrator that submitted the ticket',
      timeoutMs: 20_000,
    });
    // Both webhooks' deliveries would have been queued in the transaction that opened it.
    expect((await deliveryLog(theirHook.id)).deliveries).toEqual([]);
    expect(receiver.to('/theirs')).toEqual([]);
    expect((await deliveryLog(myHook.id)).deliveries).toHaveLength(1);
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    const key = await newKey('Offline ERP');
    const webhook = await registerWebhook(key.id, '/down', ['TicketSubmitted']);
    receiver.fail('/down', 1_000, 503);

    await submit(key.key);

    await waitFor(async () => (await deliveryLog(webhook.id)).deliveries[0]?.status === 'failed', {
      description: 'the delivery to be given up',
      timeoutMs: 20_000,
    });
    const [delivery] = (await deliveryLog(webhook.id)).deliveries;
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual(
      Array(MAX_ATTEMPTS).fill(503),
    );
    expect(receiver.to('/down')).toHaveLength(MAX_ATTEMPTS);
  });

  it('are registered by an admin only, and bad input is a 400 naming the field', async () => {
    const key = await newKey('Customer portal');
    const valid = { integratorKeyId: key.id, url: receiver.url('/ok'), events: ['TicketResolved'] };
    const register = (body: object) =>
      service.http().post('/api/v1/admin/webhooks').set(admin).send(body);
    const refused = async (body: object, field: string) => {
      const response = await register(body).expect(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    };

    await service.http().post('/api/v1/admin/webhooks').send(valid).expect(401);
    await service
      .http()
      .post('/api/v1/admin/webhooks')
      .set('X-Api-Key', key.key)
      .send(valid)
      .expect(401);
    await service.http().get('/api/v1/admin/webhooks').expect(401);

    await refused({ ...valid, url: 'ftp://erp.example.com/hook' }, 'url');
    await refused({ ...valid, url: 'https://user:password@erp.example.com/hook' }, 'url');
    await refused({ ...valid, url: 'not a url' }, 'url');
    await refused({ ...valid, events: [] }, 'events');
    await refused({ ...valid, events: ['TicketDiagnosed'] }, 'events');
    await refused({ ...valid, events: 'TicketResolved' }, 'events');
    await refused({ ...valid, integratorKeyId: 'erp' }, 'integratorKeyId');
    await refused(
      { ...valid, integratorKeyId: '5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10' },
      'integratorKeyId',
    );
    await refused({ ...valid, secret: 'mine' }, 'secret');

    const created = await register(valid).expect(201);
    expect(created.body).toMatchObject({
      integratorKeyId: key.id,
      url: valid.url,
      events: ['TicketResolved'],
      removedAt: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await service.http().get('/api/v1/admin/webhooks').set(admin).expect(200);
    const shown = (listed.body as { id: string }[]).find((hook) => hook.id === created.body.id);
    expect(shown).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    await service.http().get(`/api/v1/admin/webhooks/${created.body.id}/deliveries`).expect(401);
    await service
      .http()
      .get('/api/v1/admin/webhooks/5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10/deliveries')
      .set(admin)
      .expect(404);

    const remove = (id: string) => service.http().delete(`/api/v1/admin/webhooks/${id}`);
    await remove(created.body.id).expect(401);
    await remove(created.body.id).set(admin).expect(204);
    await remove(created.body.id).set(admin).expect(204);
    await remove('5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10').set(admin).expect(404);
    const afterRemoval = await service.http().get('/api/v1/admin/webhooks').set(admin).expect(200);
    expect(
      (afterRemoval.body as { id: string; removedAt: string | null }[]).find(
        (hook) => hook.id === created.body.id,
      )?.removedAt,
    ).toEqual(expect.any(String));

    await service.http().delete(`/api/v1/admin/integrator-keys/${key.id}`).set(admin).expect(204);
    await refused(valid, 'integratorKeyId');
  });
});

describe('email to the requester', () => {
  it('acknowledges the request, asks the question, tells the resolution with the tracking link', async () => {
    const key = await newKey('Intranet');
    const ticketId = await submit(key.key, { summary: HOSTILE });

    const acknowledgement = await mailAbout(ticketId, 'We received your request');
    expect(acknowledgement.to).toMatchObject({ value: [{ address: 'ada@example.com' }] });
    expect(acknowledgement.from).toMatchObject({
      value: [{ address: 'helpdesk@example.com', name: 'IT Helpdesk' }],
    });
    expect(acknowledgement.text).toContain('Hello Ada Lovelace,');
    expect(acknowledgement.text).toContain(HOSTILE);
    expect(acknowledgement.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(acknowledgement.html).not.toContain('<script>');
    expect(acknowledgement.html).not.toContain('<img');

    await onTheLog(ticketId, [
      {
        type: 'RequesterInformationRequested',
        data: { level: 'L1', question: 'Which VPN client version do you use?' },
      },
    ]);
    const question = await mailAbout(ticketId, 'A question about your request');
    expect(question.text).toContain('Which VPN client version do you use?');
    expect(question.html).toContain('Which VPN client version do you use?');

    await onTheLog(ticketId, [
      {
        type: 'TicketResolved',
        data: {
          level: 'L1',
          resolution: 'Updated the VPN client to 5.2.',
          knowledgeArticleId: null,
        },
      },
    ]);
    const resolution = await mailAbout(ticketId, 'Resolved:');
    const access = service.app.get(RequesterAccess).tokenFor(ticketId);
    const link = `${PORTAL_URL}/tickets/${ticketId}?access=${access}`;
    expect(resolution.text).toContain('Updated the VPN client to 5.2.');
    expect(resolution.text).toContain(link);
    expect(resolution.html).toContain(`href="${link}"`);
    // The link leads to the ticket's page on the portal.
    const { pathname, search } = new URL(link);
    const page = await service.http().get(`${pathname}${search}`).expect(200);
    expect(page.text).toContain('Updated the VPN client to 5.2.');
    expect(smtp.about(ticketId)).toHaveLength(3);
  });
});

describe('a replay', () => {
  it('sends nothing twice: neither a redelivered event nor a rebuilt read model', async () => {
    const key = await newKey('Replay ERP');
    await registerWebhook(key.id, '/replay', ['TicketSubmitted', 'TicketResolved']);
    const ticketId = await submit(key.key);
    const [resolved] = await onTheLog(ticketId, [
      {
        type: 'TicketResolved',
        data: { level: 'L1', resolution: 'Restarted the router.', knowledgeArticleId: null },
      },
    ]);
    await mailAbout(ticketId, 'Resolved:');
    await waitFor(() => deliveredAbout('/replay', ticketId).length === 2, {
      description: 'both deliveries',
      timeoutMs: 20_000,
    });

    // The log hands the same events over again, then the read model is rebuilt from it all.
    await service.feed([...(await outboxOf(ticketId)), resolved!]);
    await service
      .http()
      .post('/internal/v1/read-model/rebuild')
      .set('Authorization', `Bearer ${INTERNAL_API_TOKEN}`)
      .expect(202);
    await waitFor(
      async () => {
        const status = await service
          .http()
          .get('/internal/v1/read-model')
          .set('Authorization', `Bearer ${INTERNAL_API_TOKEN}`);
        return status.body.caughtUp === true && status.body.state === 'running';
      },
      { description: 'the rebuild to finish', timeoutMs: 60_000 },
    );

    // A ticket submitted after the rebuild is notified: the worker has passed the replay.
    const after = await submit(key.key);
    await mailAbout(after, 'We received your request');
    await waitFor(() => deliveredAbout('/replay', after).length === 1, {
      description: 'the delivery of the ticket submitted after the rebuild',
      timeoutMs: 20_000,
    });
    const { rows } = await db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM "${service.schema}".notifications
        WHERE ticket_id = $1 GROUP BY status`,
      [ticketId],
    );
    expect(rows).toEqual([{ status: 'delivered', count: 4 }]);
    expect(smtp.about(ticketId)).toHaveLength(2);
    expect(deliveredAbout('/replay', ticketId)).toHaveLength(2);
    // The rebuild went through (no event refused for a duplicate notification).
    const deadLetters = await service
      .http()
      .get('/internal/v1/dead-letters')
      .set('Authorization', `Bearer ${INTERNAL_API_TOKEN}`)
      .expect(200);
    expect(deadLetters.body.count).toBe(0);
    await service.http().get(`/api/v1/tickets/${ticketId}`).set('X-Api-Key', key.key).expect(200);
  });
});
