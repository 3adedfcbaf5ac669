import { aTicketEvent, aTicketSubmitted } from '@helpdesk/testing';
import { TicketEvent } from '@helpdesk/ticket-events';
import { requesterMessageFor } from './requester-messages';

const ticket = { ticketId: 'ticket-1', requesterName: 'Ada', summary: 'VPN drops' };
const on = (draft: Parameters<typeof aTicketEvent>[0]): TicketEvent =>
  aTicketEvent(draft, '5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10', 2);

describe('what the requester hears about', () => {
  it('the acknowledgement of their request', () => {
    expect(requesterMessageFor(aTicketSubmitted(), ticket)).toEqual({
      ...ticket,
      kind: 'acknowledgement',
    });
  });

  it('a question from the level that owns the ticket, in its words', () => {
    const event = on({
      type: 'RequesterInformationRequested',
      data: { level: 'L2', question: 'Which VPN client version?' },
    });
    expect(requesterMessageFor(event, ticket)).toEqual({
      ...ticket,
      kind: 'question',
      question: 'Which VPN client version?',
    });
  });

  it('the resolution, in its words', () => {
    const event = on({
      type: 'TicketResolved',
      data: { level: 'L1', resolution: 'Updated the client.', knowledgeArticleId: null },
    });
    expect(requesterMessageFor(event, ticket)).toMatchObject({
      kind: 'resolution',
      resolution: 'Updated the client.',
    });
  });

  it('nothing about internal work', () => {
    const diagnosed = on({
      type: 'TicketDiagnosed',
      data: { diagnosis: 'Broken NIC', outcome: 'hardware-return' },
    });
    const taken = on({ type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-1' } });
    expect(requesterMessageFor(diagnosed, ticket)).toBeNull();
    expect(requesterMessageFor(taken, ticket)).toBeNull();
  });
});
