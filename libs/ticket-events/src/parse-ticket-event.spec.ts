import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from './events/define-event';
import { PhoneNumberSchema } from './events/ticket-events.v2';
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
        requester: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 202 555 0143' },
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
    expect(event.schemaVersion).toBe(2);
  });

  it('names the field that is wrong', () => {
    const event = submitted();
    const broken = {
      ...event,
      data: { ...event.data, requester: { name: 'x', email: 'nope', phone: null } },
    };
    const parsed = parseTicketEvent(JSON.stringify(broken));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/TicketSubmitted@2 data: requester\.email/);
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
    const parsed = parseTicketEvent(JSON.stringify({ ...submitted(), schemaVersion: 3 }));
    expect(parsed).toEqual({
      ok: false,
      reason: 'TicketSubmitted@3 is newer than this consumer knows (2)',
    });
  });
});

describe('TicketSubmitted, versions 1 and 2 in the log side by side', () => {
  /** A TicketSubmitted as intake wrote it before the callback phone: version 1, no phone. */
  const submittedV1 = () => {
    const { requester, ...rest } = submitted().data;
    return {
      ...submitted(),
      schemaVersion: 1,
      data: { ...rest, requester: { name: requester.name, email: requester.email } },
    };
  };

  it('reads a version 1 as version 2, without a phone', () => {
    const old = submittedV1();
    const parsed = parseTicketEvent(JSON.stringify(old));
    expect(parsed).toEqual({
      ok: true,
      event: {
        ...old,
        schemaVersion: 2,
        data: { ...old.data, requester: { ...old.data.requester, phone: null } },
      },
    });
  });

  it('reads a version 2 as it is, with or without a phone', () => {
    const withPhone = submitted();
    const withoutPhone = {
      ...withPhone,
      data: { ...withPhone.data, requester: { ...withPhone.data.requester, phone: null } },
    };
    expect(parseTicketEvent(JSON.stringify(withPhone))).toEqual({ ok: true, event: withPhone });
    expect(parseTicketEvent(JSON.stringify(withoutPhone))).toEqual({
      ok: true,
      event: withoutPhone,
    });
  });

  it('keeps a version 1 that was already wrong wrong, naming the field', () => {
    const old = submittedV1();
    const broken = { ...old, data: { ...old.data, requester: 'Grace' } };
    const parsed = parseTicketEvent(JSON.stringify(broken));
    expect(!parsed.ok && parsed.reason).toMatch(/^TicketSubmitted@2 data: requester: /);
  });

  it('refuses a version 2 without the phone field, or with one that is no phone number', () => {
    const event = submitted();
    const { phone: _dropped, ...noPhone } = event.data.requester;
    const missing = parseTicketEvent(
      JSON.stringify({ ...event, data: { ...event.data, requester: noPhone } }),
    );
    expect(!missing.ok && missing.reason).toMatch(/^TicketSubmitted@2 data: requester\.phone: /);
    for (const phone of ['call me', '12', ' 0123 456', '0'.repeat(41), '+33 1 23 45 67 89\n']) {
      const parsed = parseTicketEvent(
        JSON.stringify({
          ...event,
          data: { ...event.data, requester: { ...event.data.requester, phone } },
        }),
      );
      expect({ phone, reason: !parsed.ok && parsed.reason }).toEqual({
        phone,
        reason: expect.stringMatching(/^TicketSubmitted@2 data: requester\.phone: /),
      });
    }
  });

  it('takes the phone numbers people write', () => {
    for (const phone of ['+33 1 23 45 67 89', '(555) 010-4477', '020.7946.0958', '4711']) {
      expect(PhoneNumberSchema.safeParse(phone)).toMatchObject({ success: true });
    }
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
