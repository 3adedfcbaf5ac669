import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TicketEvent } from '@helpdesk/ticket-events';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import { EVENT_LOG } from '@helpdesk/event-log-nest';
import { aTicketEvent, aTicketSubmitted, aTicketSubmittedV1, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';

const service = new ServiceUnderTest('specialist');
const { databaseUrl, schema, feed, http, post, get, issue } = service;

let network: string; // the seeded network specialist
let security: string; // the seeded security specialist
let unregistered: string; // a level 3 technician who is no specialist
let backOffice: string; // level 2
let supervisor: string;

/** Submitted, prioritized, escalated by level 1, diagnosed by level 2, escalated to level 3. */
function escalatedToLevel3(
  ticketId: string,
  summary: string,
  priority: 'P1' | 'P2' | 'P3',
  domain: string,
): TicketEvent[] {
  return [...atLevel2(ticketId, summary, priority), ...level2Escalates(ticketId, domain)];
}

function atLevel2(ticketId: string, summary: string, priority: 'P1' | 'P2' | 'P3') {
  return [
    aTicketSubmitted({ ticketId, summary }),
    aTicketEvent(
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'medium', priority } },
      ticketId,
      2,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'beyond the knowledge base', domain: null },
      },
      ticketId,
      3,
    ),
  ];
}

function level2Escalates(ticketId: string, domain: string) {
  return [
    aTicketEvent(
      { type: 'TicketTaken', data: { level: 'L2', technicianId: 'tech-l2' } },
      ticketId,
      4,
    ),
    aTicketEvent(
      {
        type: 'TicketDiagnosed',
        data: { diagnosis: `a ${domain} fault`, outcome: 'remote-session' },
      },
      ticketId,
      5,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L2', toLevel: 'L3', reason: `needs a ${domain} specialist`, domain },
      },
      ticketId,
      6,
    ),
  ];
}

function ids(items: { ticketId: string }[]): string[] {
  return items.map((item) => item.ticketId);
}

beforeAll(async () => {
  await service.start(async () => (await import('../src/app.module')).AppModule);
  [network, security, unregistered, backOffice, supervisor] = await Promise.all([
    issue('specialist-network', 'L3'),
    issue('specialist-security', 'L3'),
    issue('tech-l3-new', 'L3'),
    issue('tech-l2', 'L2'),
    issue('boss', 'L2', true),
  ]);
});

afterAll(() => service.stop());

describe('specialist (level 3)', () => {
  const router = randomUUID(); // network, P2: taken and resolved
  const dns = randomUUID(); // network, P3, submitted at version 1 (no callback phone)
  const firewall = randomUUID(); // security, P1: handed back to level 2
  const onlyAtLevel2 = randomUUID();

  beforeAll(async () => {
    await feed([
      ...escalatedToLevel3(router, 'Site router drops packets', 'P2', 'network').map((event) =>
        event.type === 'TicketSubmitted'
          ? {
              ...event,
              data: {
                ...event.data,
                requester: { ...event.data.requester, phone: '+1 202 555 0143' },
              },
            }
          : event,
      ),
      ...escalatedToLevel3(dns, 'Intranet name does not resolve', 'P3', 'network').map((event) =>
        event.type === 'TicketSubmitted'
          ? (aTicketSubmittedV1({
              ticketId: dns,
              summary: event.data.summary,
            }) as unknown as TicketEvent)
          : event,
      ),
      ...escalatedToLevel3(firewall, 'Firewall blocks the ERP', 'P1', 'security'),
      ...atLevel2(onlyAtLevel2, 'Laptop screen flickers', 'P3'),
    ]);
  });

  it('counts the tickets of every domain, beside the specialists who can take them', async () => {
    const response = await get('/api/v1/queues', network).expect(200);
    expect(response.body.queues).toEqual([
      { domain: 'business-application', tickets: 0, unassigned: 0, specialists: 1 },
      { domain: 'hardware', tickets: 0, unassigned: 0, specialists: 1 },
      { domain: 'network', tickets: 2, unassigned: 2, specialists: 1 },
      { domain: 'operating-system', tickets: 0, unassigned: 0, specialists: 1 },
      { domain: 'security', tickets: 1, unassigned: 1, specialists: 1 },
    ]);
  });

  it("lists a domain's queue by priority, with what levels 1 and 2 said", async () => {
    const response = await get('/api/v1/queues/network', network).expect(200);
    expect(response.body).toMatchObject({ domain: 'network', total: 2 });
    expect(ids(response.body.items)).toEqual([router, dns]);
    expect(response.body.items[1].requester).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: null,
    });
    expect(response.body.items[0]).toMatchObject({
      summary: 'Site router drops packets',
      requester: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 202 555 0143' },
      priority: 'P2',
      status: 'new',
      assignee: null,
      escalationReason: 'needs a network specialist',
      arrivedBy: 'escalation',
    });
    const empty = await get('/api/v1/queues/hardware', network).expect(200);
    expect(empty.body).toEqual({ domain: 'hardware', total: 0, items: [] });
    const bad = await get('/api/v1/queues/Not%20A%20Domain', network).expect(400);
    expect(bad.body.message.join()).toContain('domain');
  });

  it('lets in level 3 technicians and supervisors only', async () => {
    await http().get('/api/v1/queues').expect(401);
    await http().post(`/api/v1/tickets/${router}/take`).expect(401);
    await get('/api/v1/queues', backOffice).expect(403);
    await post(`/api/v1/tickets/${router}/take`, backOffice).expect(403);
    await get('/api/v1/queues/network', supervisor).expect(200);
  });

  it('registers specialists, for supervisors only', async () => {
    const seeded = await get('/api/v1/specialists', network).expect(200);
    expect(seeded.body).toHaveLength(5);
    expect(seeded.body).toContainEqual(
      expect.objectContaining({ id: 'specialist-network', domains: ['network'] }),
    );
    const newcomer = { id: 'tech-l3-new', name: 'Lin Wei', domains: ['security', 'network'] };
    await post('/api/v1/specialists', network, newcomer).expect(403);
    const bad = await post('/api/v1/specialists', supervisor, {
      ...newcomer,
      domains: ['Network!'],
    }).expect(400);
    expect(bad.body.message.join()).toContain('domains');
    const registered = await post('/api/v1/specialists', supervisor, newcomer).expect(201);
    expect(registered.body).toMatchObject(newcomer);
    await post('/api/v1/specialists', supervisor, newcomer).expect(409);
    const all = await get('/api/v1/specialists', network).expect(200);
    expect(all.body).toHaveLength(6);
  });

  it('lets a specialist take the tickets of their domain only', async () => {
    const refused = await post(`/api/v1/tickets/${router}/take`, security).expect(403);
    expect(refused.body.message).toBe(
      `ticket ${router} is in the network queue; specialist-security specialises in security`,
    );
    const stranger = await issue('tech-l3-stranger', 'L3');
    const unknown = await post(`/api/v1/tickets/${router}/take`, stranger).expect(403);
    expect(unknown.body.message).toContain('not a registered specialist');

    const taken = await post(`/api/v1/tickets/${router}/take`, network).expect(200);
    expect(taken.body.events).toMatchObject([
      {
        type: 'TicketTaken',
        sequence: 7,
        producer: 'specialist',
        actor: { kind: 'technician', id: 'specialist-network', level: 'L3' },
        data: { level: 'L3', technicianId: 'specialist-network' },
      },
    ]);
    const mine = await get('/api/v1/queues/network?assignee=me', network).expect(200);
    expect(ids(mine.body.items)).toEqual([router]);
    const unassigned = await get('/api/v1/queues/network?assignee=unassigned', network).expect(200);
    expect(ids(unassigned.body.items)).toEqual([dns]);
    // A newly registered specialist of two domains takes a ticket of the second one.
    await post(`/api/v1/tickets/${dns}/take`, unregistered).expect(200);
  });

  it('resolves at level 3, after which the ticket is not handed back', async () => {
    await post(`/api/v1/tickets/${router}/resolve`, security, { resolution: 'x' }).expect(409);
    const resolved = await post(`/api/v1/tickets/${router}/resolve`, network, {
      resolution: 'MTU mismatch fixed on the site router',
    }).expect(200);
    expect(resolved.body.events[0].data).toEqual({
      level: 'L3',
      resolution: 'MTU mismatch fixed on the site router',
      knowledgeArticleId: null,
    });
    const detail = await get(`/api/v1/tickets/${router}`, network).expect(200);
    expect(detail.body).toMatchObject({
      owner: 'L3',
      status: 'resolved',
      assignee: 'specialist-network',
      domain: 'network',
      inQueue: true,
      level2Diagnosis: 'a network fault',
      level2Outcome: 'remote-session',
    });
    expect(detail.body.timeline.map((line: { type: string }) => line.type)).toEqual([
      'TicketSubmitted',
      'TicketPrioritized',
      'TicketEscalated',
      'TicketTaken',
      'TicketDiagnosed',
      'TicketEscalated',
      'TicketTaken',
      'TicketResolved',
    ]);
    const refused = await post(`/api/v1/tickets/${router}/hand-back`, network, {
      reason: 'never mind',
    }).expect(409);
    expect(refused.body.message).toContain('is resolved');
  });

  it('hands a ticket back to level 2, after which level 3 may not act', async () => {
    const handedBack = await post(`/api/v1/tickets/${firewall}/hand-back`, security, {
      reason: 'the firewall is fine: the ERP client is misconfigured',
    }).expect(200);
    expect(handedBack.body.events[0]).toMatchObject({
      type: 'TicketReturned',
      data: {
        fromLevel: 'L3',
        toLevel: 'L2',
        reason: 'the firewall is fine: the ERP client is misconfigured',
      },
    });
    const refused = await post(`/api/v1/tickets/${firewall}/take`, security).expect(409);
    expect(refused.body).toMatchObject({ owner: 'L2' });
    const queues = await get('/api/v1/queues', security).expect(200);
    expect(queues.body.queues).toContainEqual({
      domain: 'security',
      tickets: 0,
      unassigned: 0,
      specialists: 2,
    });
    const detail = await get(`/api/v1/tickets/${firewall}`, security).expect(200);
    expect(detail.body).toMatchObject({ owner: 'L2', inQueue: false });
    await get(`/api/v1/tickets/${onlyAtLevel2}`, security).expect(404);
  });

  it('publishes its events, and rebuilds its queues from the log keeping the specialists', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await waitFor(
        async () =>
          (await client.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL`))
            .rowCount === 0,
        { description: 'the outbox to be published' },
      );
    } finally {
      await client.end();
    }
    const runner = service.app.get(ProjectionRunner);
    await runner.waitUntilCaughtUp();
    const snapshot = async () => ({
      queues: (await get('/api/v1/queues', supervisor).expect(200)).body,
      network: (await get('/api/v1/queues/network', supervisor).expect(200)).body,
      tickets: await Promise.all(
        [router, dns, firewall].map(
          async (ticketId) =>
            (await get(`/api/v1/tickets/${ticketId}`, supervisor).expect(200)).body,
        ),
      ),
    });
    const before = await snapshot();

    await runner.rebuildFromStart();
    await waitFor(async () => (await runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });
    expect(await snapshot()).toEqual(before);
    expect(await service.app.get<EventLog>(EVENT_LOG).readDeadLetters()).toEqual([]);
  });
});
