import { randomUUID } from 'node:crypto';
import { TicketEventDraft, stampTicketEvent } from '@helpdesk/ticket-events';
import { publicTimelineEntry } from './public-timeline';

function event(draft: TicketEventDraft, sequence = 3) {
  return stampTicketEvent(draft, {
    eventId: randomUUID(),
    ticketId: randomUUID(),
    sequence,
    occurredAt: '2026-11-24T09:30:00.000Z',
    producer: 'triage',
    correlationId: 'c',
    causationId: null,
    actor: { kind: 'technician', id: 'tech-secret-17', level: 'L1' },
  });
}

describe('the public timeline', () => {
  it('shows who holds the ticket, never which technician', () => {
    const entry = publicTimelineEntry(
      event({ type: 'TicketTaken', data: { level: 'L2', technicianId: 'tech-secret-17' } }),
    );
    expect(entry).toMatchObject({ type: 'TicketTaken', sequence: 3, details: { level: 'L2' } });
    expect(JSON.stringify(entry)).not.toContain('tech-secret-17');
  });

  it('shows a change of level without its internal reason or domain', () => {
    const escalated = publicTimelineEntry(
      event({
        type: 'TicketEscalated',
        data: { fromLevel: 'L2', toLevel: 'L3', reason: 'customer is difficult', domain: 'ad' },
      }),
    );
    expect(escalated?.details).toEqual({ fromLevel: 'L2', toLevel: 'L3' });
    expect(JSON.stringify(escalated)).not.toMatch(/difficult|"ad"/);
    const returned = publicTimelineEntry(
      event({ type: 'TicketReturned', data: { fromLevel: 'L3', toLevel: 'L2', reason: 'oops' } }),
    );
    expect(JSON.stringify(returned)).not.toContain('oops');
  });

  it("keeps the words written for the requester: question, resolution, the requester's own", () => {
    expect(
      publicTimelineEntry(
        event({
          type: 'RequesterInformationRequested',
          data: { level: 'L1', question: 'Which client version?' },
        }),
      )?.text,
    ).toBe('Which client version?');
    expect(
      publicTimelineEntry(
        event({
          type: 'TicketResolved',
          data: { level: 'L1', resolution: 'Reinstalled the client', knowledgeArticleId: null },
        }),
      )?.text,
    ).toBe('Reinstalled the client');
    expect(
      publicTimelineEntry(
        event({ type: 'RequesterInformationAdded', data: { message: '5.1.2', channel: 'email' } }),
      )?.text,
    ).toBe('5.1.2');
  });

  it('shows the steps of a hardware return without the technician note', () => {
    const entry = publicTimelineEntry(
      event({
        type: 'HardwareReturnProgressed',
        data: { rmaNumber: 'RMA-123', step: 'shipped', note: 'internal: vendor is slow' },
      }),
    );
    expect(entry?.details).toEqual({ rmaNumber: 'RMA-123', step: 'shipped' });
    expect(JSON.stringify(entry)).not.toContain('vendor is slow');
  });

  it('leaves internal work out', () => {
    const internal: TicketEventDraft[] = [
      { type: 'TicketDiagnosed', data: { diagnosis: 'disk dying', outcome: 'hardware-return' } },
      { type: 'PhoneGuidanceNoted', data: { level: 'L2', notes: 'user was confused' } },
      {
        type: 'RemoteSessionStarted',
        data: { sessionId: 's-1', link: 'https://remote.example.com/s-1' },
      },
      { type: 'RemoteSessionEnded', data: { sessionId: 's-1', notes: 'done' } },
    ];
    for (const draft of internal) expect(publicTimelineEntry(event(draft))).toBeNull();
  });
});
