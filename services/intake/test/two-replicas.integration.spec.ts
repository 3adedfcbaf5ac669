import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { TicketEventStream, configureHttp } from '@helpdesk/event-log-nest';
import { waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { IntakeStateChanges, stateChangesChannel } from '../src/application/state-changes';
import { deadUrl } from './support/fake-tier';

const ADMIN_API_TOKEN = 'admin-token-for-two-replicas-tests';
const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };

/** What a revocation (or any change) may take to reach every replica. */
const WITHIN_MS = 1_000;

/**
 * Two intake replicas on one schema, as a rollout or a scaled deployment runs them: what one
 * changes in intake's own state (integrator keys, contact guide, webhooks) holds on the other
 * within a second, even though each keeps that state in memory (ADR 17).
 */
describe('intake state held in memory by two replicas', () => {
  let one: ServiceUnderTest;
  let other: NestExpressApplication;
  let db: Client;

  const onOne = () => request(one.app.getHttpServer());
  const onOther = () => request(other.getHttpServer());

  async function newKey(name: string): Promise<{ id: string; key: string }> {
    const response = await onOne()
      .post('/api/v1/admin/integrator-keys')
      .set(admin)
      .send({ name })
      .expect(201);
    return { id: response.body.id, key: response.body.key };
  }

  /** 404 when the key lets the caller in (no such ticket), 401 when it does not. */
  const statusWith = async (app: () => request.Agent | ReturnType<typeof request>, key: string) =>
    (await app().get(`/api/v1/tickets/${randomUUID()}`).set('X-Api-Key', key)).status;

  /** Milliseconds until `check` holds, polling every 10 ms; fails after WITHIN_MS. */
  async function millisecondsUntil(check: () => Promise<boolean>, what: string): Promise<number> {
    const started = performance.now();
    await waitFor(check, { description: what, timeoutMs: WITHIN_MS, intervalMs: 10 });
    return performance.now() - started;
  }

  beforeAll(async () => {
    const nowhere = await deadUrl();
    one = new ServiceUnderTest('intake', {
      ADMIN_API_TOKEN,
      TRIAGE_URL: nowhere,
      BACK_OFFICE_URL: nowhere,
      SPECIALIST_URL: nowhere,
    });
    await one.start(async () => (await import('../src/app.module')).AppModule);
    // The second replica: the same module, read with the same environment (the same schema).
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    other = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: ['error'],
    });
    configureHttp(other);
    await other.init();
    other.connectMicroservice({ strategy: other.get(TicketEventStream) });
    await other.startAllMicroservices();
    db = new Client({ connectionString: one.databaseUrl });
    await db.connect();
    await waitFor(() => other.get(IntakeStateChanges).listening, {
      description: 'the second replica to listen',
    });
  });

  afterAll(async () => {
    await db?.end();
    await other?.close();
    await one?.stop();
  });

  it('refuses a key revoked on one replica within a second on the other', async () => {
    const { id, key } = await newKey('Revoked elsewhere');
    // Both replicas let it in, and hold the keys in memory from now on.
    expect(await statusWith(onOne, key)).toBe(404);
    expect(await statusWith(onOther, key)).toBe(404);

    await onOne().delete(`/api/v1/admin/integrator-keys/${id}`).set(admin).expect(204);
    expect(await statusWith(onOne, key)).toBe(401);
    const elapsed = await millisecondsUntil(
      async () => (await statusWith(onOther, key)) === 401,
      'the other replica to refuse the revoked key',
    );
    expect(elapsed).toBeLessThan(WITHIN_MS);
    // And it stays refused.
    for (let i = 0; i < 5; i++) expect(await statusWith(onOther, key)).toBe(401);
  });

  it('lets a key issued on one replica in on the other at once', async () => {
    const { key: known } = await newKey('Known before');
    expect(await statusWith(onOther, known)).toBe(404);
    const { key } = await newKey('Issued elsewhere');
    await millisecondsUntil(
      async () => (await statusWith(onOther, key)) === 404,
      'the other replica to let the new key in',
    );
  });

  it('takes a contact guide category added on one replica on the other, and refuses it once removed', async () => {
    const { key } = await newKey('Guide reader');
    const ticket = (category: string) => ({
      requester: { name: 'Ada', email: 'ada@example.com' },
      category,
      summary: 'A new kind of problem',
      description: 'It happens since the new category exists.',
      impact: 'low',
      urgency: 'low',
      channel: 'api',
    });
    const submitOnOther = async (category: string) =>
      (await onOther().post('/api/v1/tickets').set('X-Api-Key', key).send(ticket(category))).status;
    const category = `printers-${randomUUID().slice(0, 8)}`;
    expect(await submitOnOther(category)).toBe(400);

    await onOne()
      .put(`/api/v1/admin/contact-guide/categories/${category}`)
      .set(admin)
      .send({
        name: 'Printers',
        description: 'Printing',
        questions: ['What does the printer show?'],
        haveAtHand: [],
      })
      .expect((response) => expect([200, 201]).toContain(response.status));
    await millisecondsUntil(
      async () => (await submitOnOther(category)) === 201,
      'the other replica to take the new category',
    );

    await onOne()
      .delete(`/api/v1/admin/contact-guide/categories/${category}`)
      .set(admin)
      .expect(204);
    await millisecondsUntil(
      async () => (await submitOnOther(category)) === 400,
      'the other replica to refuse the removed category',
    );
  });

  it('drops what it holds when its listening connection is lost, reconnects, and stays right', async () => {
    const { id, key } = await newKey('Across a lost connection');
    expect(await statusWith(onOther, key)).toBe(404);
    const changes = other.get(IntakeStateChanges);
    let dropped = 0;
    changes.onChange('integrator-keys', () => dropped++);

    // Cut both replicas' listening connections (as a database failover or a proxy would).
    const { rowCount } = await db.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [stateChangesChannel(one.schema)],
    );
    expect(rowCount).toBe(2);
    await waitFor(() => dropped > 0, { description: 'the other replica to drop its keys' });

    // A revocation made while it reconnects is not missed.
    await onOne().delete(`/api/v1/admin/integrator-keys/${id}`).set(admin).expect(204);
    await millisecondsUntil(
      async () => (await statusWith(onOther, key)) === 401,
      'the other replica to refuse the revoked key',
    );

    await waitFor(() => changes.listening, { description: 'the other replica to listen again' });
    // Listening again, it holds the keys in memory and hears of the next revocation.
    const later = await newKey('After the reconnection');
    expect(await statusWith(onOther, later.key)).toBe(404);
    await onOne().delete(`/api/v1/admin/integrator-keys/${later.id}`).set(admin).expect(204);
    await millisecondsUntil(
      async () => (await statusWith(onOther, later.key)) === 401,
      'the other replica to refuse the key revoked after the reconnection',
    );
  });
});
