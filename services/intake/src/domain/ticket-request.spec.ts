import { ITIL_PRIORITY_MATRIX, parsePriorityMatrix } from '@helpdesk/ticket-lifecycle';
import {
  InvalidTicketRequestError,
  TicketRequest,
  canonicalJson,
  decideNewTicket,
  requestFingerprint,
  ticketRequestFingerprint,
} from './ticket-request';

const request: TicketRequest = {
  requester: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
  channel: 'api',
  category: 'network-vpn',
  summary: 'VPN drops every five minutes',
  description: 'Since this morning the VPN client drops the connection.',
  impact: 'high',
  urgency: 'medium',
};

describe('a new ticket', () => {
  it('is submitted, then prioritized from the ITIL matrix', () => {
    expect(decideNewTicket(request, ITIL_PRIORITY_MATRIX)).toEqual([
      { type: 'TicketSubmitted', data: request },
      {
        type: 'TicketPrioritized',
        data: { impact: 'high', urgency: 'medium', priority: 'P2' },
      },
    ]);
  });

  it("carries the requester's callback phone into TicketSubmitted, or null", () => {
    const withPhone = {
      ...request,
      requester: { ...request.requester, phone: '+44 20 7946 0958' },
    };
    expect(decideNewTicket(withPhone, ITIL_PRIORITY_MATRIX)[0].data.requester).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
    });
    expect(decideNewTicket(request, ITIL_PRIORITY_MATRIX)[0].data.requester.phone).toBeNull();
  });

  it('refuses a callback phone that is no phone number, naming requester.phone', () => {
    for (const phone of ['call me at noon', '12', '0'.repeat(41)]) {
      const wrongPhone = { ...request, requester: { ...request.requester, phone } };
      expect(() => decideNewTicket(wrongPhone, ITIL_PRIORITY_MATRIX)).toThrow(
        /^requester\.phone: /,
      );
    }
  });

  it("takes the deployment's own matrix", () => {
    const matrix = parsePriorityMatrix('{"high":{"medium":"P1"}}');
    expect(decideNewTicket(request, matrix)[1].data.priority).toBe('P1');
  });

  it('refuses what the TicketSubmitted contract refuses, naming the field', () => {
    const wrongEmail = { ...request, requester: { ...request.requester, email: 'root@localhost' } };
    expect(() => decideNewTicket(wrongEmail, ITIL_PRIORITY_MATRIX)).toThrow(
      InvalidTicketRequestError,
    );
    try {
      decideNewTicket(wrongEmail, ITIL_PRIORITY_MATRIX);
    } catch (error) {
      expect((error as InvalidTicketRequestError).field).toBe('requester.email');
    }
    expect(() =>
      decideNewTicket({ ...request, summary: 'x'.repeat(201) }, ITIL_PRIORITY_MATRIX),
    ).toThrow(/^summary: /);
  });

  it('refuses text PostgreSQL cannot store', () => {
    expect(() =>
      decideNewTicket({ ...request, description: 'nul \u0000 inside' }, ITIL_PRIORITY_MATRIX),
    ).toThrow('description: contains characters that cannot be stored');
    expect(() =>
      decideNewTicket({ ...request, summary: 'half \ud83d pair' }, ITIL_PRIORITY_MATRIX),
    ).toThrow(/^summary/);
    expect(() =>
      decideNewTicket({ ...request, summary: 'whole \ud83d\ude00 pair' }, ITIL_PRIORITY_MATRIX),
    ).not.toThrow();
  });
});

describe('the fingerprint of a request', () => {
  it('does not depend on the order of the keys', () => {
    const reordered = {
      urgency: request.urgency,
      impact: request.impact,
      description: request.description,
      summary: request.summary,
      category: request.category,
      channel: request.channel,
      requester: { phone: null, email: request.requester.email, name: request.requester.name },
    };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(request));
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe(
      '{"a":"x","b":[2,{"c":null,"d":1}]}',
    );
  });

  it('changes with any value', () => {
    expect(requestFingerprint({ ...request, urgency: 'high' })).not.toBe(
      requestFingerprint(request),
    );
  });

  it('of a ticket request without a phone is what it was before requests had one', () => {
    const { phone: _none, ...requester } = request.requester;
    expect(ticketRequestFingerprint(request)).toBe(requestFingerprint({ ...request, requester }));
    const withPhone = { ...request, requester: { ...request.requester, phone: '4711' } };
    expect(ticketRequestFingerprint(withPhone)).toBe(requestFingerprint(withPhone));
    expect(ticketRequestFingerprint(withPhone)).not.toBe(ticketRequestFingerprint(request));
  });
});
