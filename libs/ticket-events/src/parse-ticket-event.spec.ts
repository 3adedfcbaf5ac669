import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from './events/define-event';
import { createEventParser, parseTicketEvent, serializeTicketEvent } from './parse-ticket-event';
import { stampTicketEvent } from './stamp-ticket-event';
import { UpcasterRegistry } from './upcasting/upcaster-registry';

const stamp = () => ({
  eventId: randomUUID(),
  ticketId: randomUUID(),
  sequence: 1,
  occurredAt: '2026-11-24T09:30:00.000Z',
  producer: 'intake',
  correlationId: 'corr-1',
  causationId: null,
  actor: { kind: 'integrator' as const, id: 'key-1' },
});

const submitted = () =>
  stampTicketEvent(
    {
      type: 'TicketSubmitted',
      data: {
        requester: { name: 'Grace Hopper', email: 'grace@example.com' },
        channel: 'email',
        category: 'printing',
        summary: 'Printer offline',
        description: 'The 3rd floor printer shows offline.',
        impact: 'low',
        urgency: 'medium',
      },
    },
    stamp(),
  );

describe('parseTicketEvent', () => {
  it('reads back what was serialized, at the current schema version', () => {
    const event = submitted();
    const parsed = parseTicketEvent(serializeTicketEvent(event));
    expect(parsed).toEqual({ ok: true, event });
    expect(event.schemaVersion).toBe(1);
  });

  it('names the field that is wrong', () => {
    const event = submitted();
    const broken = { ...event, data: { ...event.data, requester: { name: 'x', email: 'nope' } } };
    const parsed = parseTicketEvent(JSON.stringify(broken));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/TicketSubmitted@1 data: requester\.email/);
  });

  it('rejects what is not JSON, an envelope without a ticket id, and an unknown type', () => {
    expect(parseTicketEvent('{oops')).toEqual({ ok: false, reason: 'payload is not valid JSON' });

    const { ticketId: _dropped, ...withoutTicket } = submitted();
    const noTicket = parseTicketEvent(JSON.stringify(withoutTicket));
    expect(!noTicket.ok && noTicket.reason).toMatch(/^envelope: ticketId/);

    const unknown = parseTicketEvent(JSON.stringify({ ...submitted(), type: 'TicketTeleported' }));
    expect(unknown).toEqual({ ok: false, reason: "unknown event type 'TicketTeleported'" });
  });

  it('refuses a version newer than the consumer knows instead of guessing', () => {
    const parsed = parseTicketEvent(JSON.stringify({ ...submitted(), schemaVersion: 2 }));
    expect(!parsed.ok && parsed.reason).toMatch(/TicketSubmitted@2 is newer/);
  });
});

describe('upcasting', () => {
  // A catalog where an event went through two versions: v1 had one `reason` string,
  // v2 split it into a code and a text.
  const v2 = defineEvent(
    'TicketEscalated',
    2,
    z.object({ reasonCode: z.enum(['skills', 'other']), reasonText: z.string() }),
  );
  const upcasters = new UpcasterRegistry().register('TicketEscalated', 1, (data) => ({
    reasonCode: 'other',
    reasonText: String(data['reason']),
  }));
  const parse = createEventParser({ TicketEscalated: v2 }, upcasters);

  it('reads v1 and v2 of one event side by side as v2', () => {
    const base = { ...stamp(), type: 'TicketEscalated' };
    const old = parse(JSON.stringify({ ...base, schemaVersion: 1, data: { reason: 'needs L2' } }));
    const current = parse(
      JSON.stringify({
        ...base,
        schemaVersion: 2,
        data: { reasonCode: 'skills', reasonText: 'needs L2' },
      }),
    );
    expect(old).toMatchObject({
      ok: true,
      event: { schemaVersion: 2, data: { reasonCode: 'other', reasonText: 'needs L2' } },
    });
    expect(current).toMatchObject({ ok: true, event: { schemaVersion: 2 } });
  });

  it('says which upcaster is missing', () => {
    const parseWithout = createEventParser({ TicketEscalated: v2 }, new UpcasterRegistry());
    const parsed = parseWithout(
      JSON.stringify({ ...stamp(), type: 'TicketEscalated', schemaVersion: 1, data: {} }),
    );
    expect(parsed).toEqual({
      ok: false,
      reason: 'no upcaster from TicketEscalated@1 towards version 2',
    });
  });

  it('refuses to register two upcasters for one step', () => {
    expect(() => upcasters.register('TicketEscalated', 1, (data) => data)).toThrow(
      /already registered/,
    );
  });
});
