import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TicketEvent, parseTicketEvent } from '@helpdesk/ticket-events';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import { EVENT_LOG } from '@helpdesk/event-log-nest';
import { aTicketEvent, aTicketSubmitted, aTicketSubmittedV1, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';

const TEMPLATE = 'https://rc.example.test/s/{sessionId}?ticket={ticketId}&via=helpdesk';
const service = new ServiceUnderTest('back-office', {
  REMOTE_SESSION_URL_TEMPLATE: TEMPLATE,
  SPECIALIST_DOMAINS: 'network,security,business-application,hardware,operating-system',
});
const { databaseUrl, schema, logSchema, environment, feed, http, post, get, issue } = service;

let ada: string; // level 2
let bob: string; // level 2
let frontLine: string; // level 1
let specialist: string; // level 3
let supervisor: string; // level 1, supervisor

/** A ticket as level 1 leaves it: submitted, prioritized, taken, escalated to level 2. */
function escalatedToLevel2(
  ticketId: string,
  summary: string,
  priority: 'P1' | 'P2' | 'P3',
): TicketEvent[] {
  return [
    aTicketSubmitted({ ticketId, summary }),
    aTicketEvent(
      { type: 'TicketPrioritized', data: { impact: 'medium', urgency: 'high', priority } },
      ticketId,
      2,
    ),
    aTicketEvent(
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-l1' } },
      ticketId,
      3,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'needs a closer look', domain: null },
      },
      ticketId,
      4,
    ),
  ];
}

function ids(items: { ticketId: string }[]): string[] {
  return items.map((item) => item.ticketId);
}

beforeAll(async () => {
  await service.start(async () => (await import('../src/app.module')).AppModule);
  [ada, bob, frontLine, specialist, supervisor] = await Promise.all([
    issue('tech-ada', 'L2'),
    issue('tech-bob', 'L2'),
    issue('tech-l1', 'L1'),
    issue('tech-l3', 'L3'),
    issue('boss', 'L1', true),
  ]);
});

afterAll(() => service.stop());

describe('back-office (level 2)', () => {
  const vpn = randomUUID(); // P2: remote session, then a hardware return, then level 3
  const printer = randomUUID(); // P1: sent back to level 1
  const outlook = randomUUID(); // P3: phone guidance, resolved
  const docking = randomUUID(); // P3: the requester left a callback phone
  const webcam = randomUUID(); // P3: submitted at version 1, before there was a phone
  const stillAtLevel1 = randomUUID();

  beforeAll(async () => {
    await feed([
      ...escalatedToLevel2(vpn, 'VPN does not connect', 'P2'),
      ...escalatedToLevel2(printer, 'Printer prints blank pages', 'P1'),
      ...escalatedToLevel2(outlook, 'Outlook keeps asking for a password', 'P3'),
      aTicketSubmitted({ ticketId: stillAtLevel1, summary: 'Mouse is slow' }),
    ]);
  });

  it('queues the tickets escalated to level 2, by priority, with what came before', async () => {
    const response = await get('/api/v1/queue', ada).expect(200);
    expect(response.body.total).toBe(3);
    expect(ids(response.body.items)).toEqual([printer, vpn, outlook]);
    expect(response.body.items[1]).toMatchObject({
      ticketId: vpn,
      summary: 'VPN does not connect',
      category: 'network',
      requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
      priority: 'P2',
      status: 'new',
      assignee: null,
      escalationReason: 'needs a closer look',
      arrivedBy: 'escalation',
      diagnosis: null,
      hardwareReturn: null,
      remoteSession: null,
    });
    const p1 = await get('/api/v1/queue?priority=P1', ada).expect(200);
    expect(ids(p1.body.items)).toEqual([printer]);
    await get(`/api/v1/tickets/${stillAtLevel1}`, ada).expect(404);
  });

  it('lets in level 2 technicians and supervisors only', async () => {
    await http().get('/api/v1/queue').expect(401);
    await http().post(`/api/v1/tickets/${vpn}/take`).expect(401);
    await get('/api/v1/queue', frontLine).expect(403);
    await post(`/api/v1/tickets/${vpn}/take`, frontLine).expect(403);
    await post(`/api/v1/tickets/${vpn}/take`, specialist).expect(403);
    await get('/api/v1/queue', supervisor).expect(200);
  });

  it('takes a ticket', async () => {
    const taken = await post(`/api/v1/tickets/${vpn}/take`, ada).expect(200);
    expect(taken.body.state).toMatchObject({
      owner: 'L2',
      status: 'in-progress',
      assignee: 'tech-ada',
    });
    expect(taken.body.events).toMatchObject([
      {
        type: 'TicketTaken',
        producer: 'back-office',
        sequence: 5,
        actor: { kind: 'technician', id: 'tech-ada', level: 'L2' },
        data: { level: 'L2', technicianId: 'tech-ada' },
      },
    ]);
    const mine = await get('/api/v1/queue?assignee=me', ada).expect(200);
    expect(ids(mine.body.items)).toEqual([vpn]);
    const unassigned = await get('/api/v1/queue?assignee=unassigned', ada).expect(200);
    expect(ids(unassigned.body.items)).toEqual([printer, outlook]);
    const refused = await post(`/api/v1/tickets/${vpn}/diagnosis`, bob, {
      diagnosis: 'x',
      outcome: 'phone-guidance',
    }).expect(409);
    expect(refused.body.message).toContain('taken by tech-ada');
    await post(`/api/v1/tickets/${randomUUID()}/take`, ada).expect(404);
    await post('/api/v1/tickets/not-a-ticket/take', ada).expect(400);
  });

  it('diagnoses and runs a remote session with a link from the template', async () => {
    await post(`/api/v1/tickets/${vpn}/diagnosis`, ada, {
      diagnosis: 'The VPN client profile is corrupt.',
      outcome: 'remote-session',
    }).expect(200);
    const started = await post(`/api/v1/tickets/${vpn}/remote-sessions`, ada).expect(201);
    const { sessionId, link } = started.body.events[0].data;
    expect(started.body.events[0].type).toBe('RemoteSessionStarted');
    expect(link).toBe(`https://rc.example.test/s/${sessionId}?ticket=${vpn}&via=helpdesk`);
    await post(`/api/v1/tickets/${vpn}/remote-sessions`, ada).expect(409);
    const other = await post(
      `/api/v1/tickets/${vpn}/remote-sessions/${randomUUID()}/end`,
      ada,
    ).expect(409);
    expect(other.body.message).toContain(`(${sessionId} is)`);
    const during = await get(`/api/v1/tickets/${vpn}`, ada).expect(200);
    expect(during.body.remoteSession).toMatchObject({
      sessionId,
      link,
      state: 'open',
      endedAt: null,
    });

    await post(`/api/v1/tickets/${vpn}/remote-sessions/${sessionId}/end`, ada, {
      notes: 'profile re-imported, still fails on the hotel Wi-Fi',
    }).expect(200);
    const after = await get(`/api/v1/tickets/${vpn}`, ada).expect(200);
    expect(after.body.remoteSession).toMatchObject({ sessionId, state: 'ended' });
    expect(after.body.diagnosis).toMatchObject({ outcome: 'remote-session' });
  });

  it('runs a hardware return step by step, refusing a step out of order', async () => {
    await post(`/api/v1/tickets/${vpn}/diagnosis`, ada, {
      diagnosis: 'The Wi-Fi adapter is failing.',
      outcome: 'hardware-return',
    }).expect(200);
    const early = await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, {
      step: 'shipped',
    }).expect(409);
    expect(early.body.message).toContain("a return starts with 'requested'");

    const requested = await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, {
      step: 'requested',
      note: 'laptop, serial 42',
    }).expect(200);
    const { rmaNumber } = requested.body.events[0].data;
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(rmaNumber).toMatch(new RegExp(`^RMA-${today}-[0-9A-F]{8}$`));
    await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, { step: 'shipped' }).expect(200);
    const skipped = await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, {
      step: 'repaired',
    }).expect(409);
    expect(skipped.body.message).toContain("next is 'received'");
    await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, { step: 'received' }).expect(200);
    const replaced = await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, {
      step: 'replaced',
    }).expect(200);
    expect(replaced.body.events[0].data).toEqual({ rmaNumber, step: 'replaced', note: null });
    await post(`/api/v1/tickets/${vpn}/hardware-return`, ada, { step: 'bounced' }).expect(400);

    const queue = await get('/api/v1/queue?assignee=me', ada).expect(200);
    expect(queue.body.items[0]).toMatchObject({
      ticketId: vpn,
      diagnosis: { diagnosis: 'The Wi-Fi adapter is failing.', outcome: 'hardware-return' },
      hardwareReturn: { rmaNumber, step: 'replaced' },
      remoteSession: { state: 'ended' },
    });
  });

  it('escalates to level 3 with a known domain, after which level 2 may not act', async () => {
    const wrong = await post(`/api/v1/tickets/${vpn}/escalate`, ada, {
      reason: 'needs a network specialist',
      domain: 'plumbing',
    }).expect(400);
    expect(wrong.body.message).toEqual([expect.stringMatching(/^domain must be one of/)]);
    const missing = await post(`/api/v1/tickets/${vpn}/escalate`, ada, {
      domain: 'network',
    }).expect(400);
    expect(missing.body.message.join()).toContain('reason');

    const escalated = await post(`/api/v1/tickets/${vpn}/escalate`, ada, {
      reason: 'the new adapter drops packets too: the site network is suspect',
      domain: 'network',
    }).expect(200);
    expect(escalated.body.events[0]).toMatchObject({
      type: 'TicketEscalated',
      data: {
        fromLevel: 'L2',
        toLevel: 'L3',
        reason: 'the new adapter drops packets too: the site network is suspect',
        domain: 'network',
      },
    });
    expect(escalated.body.state).toMatchObject({ owner: 'L3', domain: 'network', assignee: null });

    const refused = await post(`/api/v1/tickets/${vpn}/resolve`, ada, {
      resolution: 'too late',
    }).expect(409);
    expect(refused.body).toMatchObject({ owner: 'L3' });
    expect(refused.body.message).toContain('owned by L3');
    const queue = await get('/api/v1/queue', ada).expect(200);
    expect(ids(queue.body.items)).not.toContain(vpn);
    const detail = await get(`/api/v1/tickets/${vpn}`, ada).expect(200);
    expect(detail.body).toMatchObject({ owner: 'L3', inQueue: false });
  });

  it('queues a ticket level 3 hands back, keeping what level 2 did', async () => {
    const detail = await get(`/api/v1/tickets/${vpn}`, ada).expect(200);
    const sequence = detail.body.timeline.length;
    await feed([
      aTicketEvent(
        {
          type: 'TicketReturned',
          data: { fromLevel: 'L3', toLevel: 'L2', reason: 'the network is fine: laptop again' },
        },
        vpn,
        sequence + 1,
      ),
    ]);
    const queue = await get('/api/v1/queue', ada).expect(200);
    const back = queue.body.items.find((item: { ticketId: string }) => item.ticketId === vpn);
    expect(back).toMatchObject({
      status: 'new',
      assignee: null,
      arrivedBy: 'return',
      arrivalReason: 'the network is fine: laptop again',
      diagnosis: { outcome: 'hardware-return' },
    });
  });

  it('sends a ticket back to level 1', async () => {
    const returned = await post(`/api/v1/tickets/${printer}/send-back`, bob, {
      reason: 'the toner was empty: level 1 can handle it',
    }).expect(200);
    expect(returned.body.events[0].data).toEqual({
      fromLevel: 'L2',
      toLevel: 'L1',
      reason: 'the toner was empty: level 1 can handle it',
    });
    const refused = await post(`/api/v1/tickets/${printer}/take`, bob).expect(409);
    expect(refused.body.owner).toBe('L1');
  });

  it('notes phone guidance and resolves', async () => {
    await post(`/api/v1/tickets/${outlook}/take`, bob).expect(200);
    await post(`/api/v1/tickets/${outlook}/phone-guidance`, bob, { notes: 'x' }).expect(409);
    await post(`/api/v1/tickets/${outlook}/diagnosis`, bob, {
      diagnosis: 'A stale credential in the Windows vault.',
      outcome: 'phone-guidance',
    }).expect(200);
    const noted = await post(`/api/v1/tickets/${outlook}/phone-guidance`, bob, {
      notes: 'walked the user through removing the stale credential',
    }).expect(200);
    expect(noted.body.events[0].data).toEqual({
      level: 'L2',
      notes: 'walked the user through removing the stale credential',
    });
    const resolved = await post(`/api/v1/tickets/${outlook}/resolve`, bob, {
      resolution: 'stale credential removed',
    }).expect(200);
    expect(resolved.body.events[0].data).toEqual({
      level: 'L2',
      resolution: 'stale credential removed',
      knowledgeArticleId: null,
    });
    const queue = await get('/api/v1/queue?status=resolved', bob).expect(200);
    expect(ids(queue.body.items)).toEqual([outlook]);
    await post(`/api/v1/tickets/${outlook}/take`, ada).expect(409);
  });

  it('shows the timeline, and every event reached the log in order', async () => {
    const detail = await get(`/api/v1/tickets/${outlook}`, ada).expect(200);
    expect(
      detail.body.timeline.map((line: { sequence: number; type: string }) => [
        line.sequence,
        line.type,
      ]),
    ).toEqual([
      [1, 'TicketSubmitted'],
      [2, 'TicketPrioritized'],
      [3, 'TicketTaken'],
      [4, 'TicketEscalated'],
      [5, 'TicketTaken'],
      [6, 'TicketDiagnosed'],
      [7, 'PhoneGuidanceNoted'],
      [8, 'TicketResolved'],
    ]);
    expect(detail.body.timeline[4]).toMatchObject({
      actor: { kind: 'technician', id: 'tech-bob', level: 'L2' },
      producer: 'back-office',
    });

    const vpnEvents = (await get(`/api/v1/tickets/${vpn}`, ada).expect(200)).body.timeline.length;
    expect(vpnEvents).toBe(15);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      let sequences: number[] = [];
      await waitFor(
        async () => {
          const rows = await client.query<{ value: string }>(
            `SELECT value FROM ${logSchema}.events WHERE key = $1 ORDER BY position`,
            [vpn],
          );
          sequences = rows.rows.map((row) => {
            const parsed = parseTicketEvent(row.value);
            if (!parsed.ok) throw new Error(parsed.reason);
            return parsed.event.sequence;
          });
          return sequences.length === vpnEvents;
        },
        { description: 'the outbox relay to publish level 2 events' },
      );
      expect(sequences).toEqual(Array.from({ length: vpnEvents }, (_, index) => index + 1));
    } finally {
      await client.end();
    }
    expect(await service.app.get<EventLog>(EVENT_LOG).readDeadLetters()).toEqual([]);
  });

  it('queues a reopened ticket again, and lets go of it once closed', async () => {
    const requester = (action: string, body: object) =>
      http()
        .post(`/internal/v1/tickets/${outlook}/requester/${action}`)
        .set('Authorization', `Bearer ${environment.INTERNAL_API_TOKEN}`)
        .send({ requester: { email: 'ada@example.com' }, ...body })
        .expect(200);
    await requester('reopening', { reason: 'Outlook asks for the password again' });
    const reopened = await get('/api/v1/queue?assignee=me', bob).expect(200);
    expect(reopened.body.items).toMatchObject([
      {
        ticketId: outlook,
        status: 'in-progress',
        arrivedBy: 'reopening',
        arrivalReason: 'Outlook asks for the password again',
      },
    ]);
    await post(`/api/v1/tickets/${outlook}/resolve`, bob, {
      resolution: 'credential manager reset',
    }).expect(200);
    await requester('confirmation', {});
    const queue = await get('/api/v1/queue', bob).expect(200);
    expect(ids(queue.body.items)).not.toContain(outlook);
    const detail = await get(`/api/v1/tickets/${outlook}`, bob).expect(200);
    expect(detail.body).toMatchObject({ owner: 'L2', status: 'closed', inQueue: false });
    await post(`/api/v1/tickets/${outlook}/take`, bob).expect(409);
  });

  it("shows the requester's callback phone, and none for a ticket submitted at version 1", async () => {
    const [submitted, ...escalation] = escalatedToLevel2(docking, 'Docking station is dead', 'P3');
    if (submitted?.type !== 'TicketSubmitted')
      throw new Error('a ticket starts with TicketSubmitted');
    const requester = { name: 'Ada Lovelace', email: 'ada@example.com' };
    await feed([
      {
        ...submitted,
        data: { ...submitted.data, requester: { ...requester, phone: '+44 20 7946 0958' } },
      },
      ...escalation,
      // As an intake deployed before TicketSubmitted v2 wrote it: upcast on the way in.
      aTicketSubmittedV1({
        ticketId: webcam,
        summary: 'Webcam shows black',
      }) as unknown as TicketEvent,
      ...escalatedToLevel2(webcam, 'Webcam shows black', 'P3').slice(1),
    ]);

    const withPhone = await get(`/api/v1/tickets/${docking}`, ada).expect(200);
    expect(withPhone.body.requester).toEqual({ ...requester, phone: '+44 20 7946 0958' });
    const fromV1 = await get(`/api/v1/tickets/${webcam}`, ada).expect(200);
    expect(fromV1.body.requester).toEqual({ ...requester, phone: null });
    expect(fromV1.body.timeline[0]).toMatchObject({
      type: 'TicketSubmitted',
      data: { requester: { ...requester, phone: null } },
    });
    const queue = await get('/api/v1/queue?priority=P3', ada).expect(200);
    expect(
      (queue.body.items as { ticketId: string; requester: unknown }[])
        .filter((item) => item.ticketId === docking || item.ticketId === webcam)
        .map((item) => item.requester),
    ).toEqual(
      expect.arrayContaining([
        { ...requester, phone: '+44 20 7946 0958' },
        { ...requester, phone: null },
      ]),
    );

    const session = await service.signIn('tech-ada', 'L2');
    const page = (await service.page(`/dashboard/tickets/${docking}`, session).expect(200)).text;
    expect(page).toContain('<a href="tel:+442079460958">+44 20 7946 0958</a>');
    const pageV1 = (await service.page(`/dashboard/tickets/${webcam}`, session).expect(200)).text;
    expect(pageV1).toContain('href="mailto:ada@example.com"');
    expect(pageV1).not.toContain('href="tel:');
  });

  it('documents its API', async () => {
    const document = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/queue',
        '/api/v1/tickets/{ticketId}',
        '/api/v1/tickets/{ticketId}/hardware-return',
        '/api/v1/tickets/{ticketId}/remote-sessions/{sessionId}/end',
        '/api/v1/tickets/{ticketId}/escalate',
      ]),
    );
  });

  it('rebuilds the same read model from the log alone', async () => {
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
      queue: (await get('/api/v1/queue', supervisor).expect(200)).body,
      tickets: await Promise.all(
        [vpn, printer, outlook, docking, webcam].map(
          async (ticketId) => (await get(`/api/v1/tickets/${ticketId}`, ada).expect(200)).body,
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
  });
});
