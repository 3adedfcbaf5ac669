import { randomUUID } from 'node:crypto';
import { TicketEvent, TicketEventDraft, stampTicketEvent } from '@helpdesk/ticket-events';
import { NotTicketOwnerError, TicketStateError, assertOwnedBy } from './ownership';
import { decideConfirmation, decideReopening, decideRequesterReply } from './requester-actions';
import { TicketLifecycle, evolveLifecycle } from './ticket-lifecycle';

const ticketId = randomUUID();

function stamped(drafts: readonly TicketEventDraft[]): TicketEvent[] {
  return drafts.map((draft, index) =>
    stampTicketEvent(draft, {
      eventId: randomUUID(),
      ticketId,
      sequence: index + 1,
      occurredAt: new Date(Date.UTC(2026, 10, 24, 9, index)).toISOString(),
      producer: 'test',
      correlationId: 'c',
      causationId: null,
      actor: { kind: 'system', id: 'test' },
    }),
  );
}

function history(...drafts: TicketEventDraft[]): TicketLifecycle {
  return stamped(drafts).reduce<TicketLifecycle | undefined>(evolveLifecycle, undefined)!;
}

const submitted: TicketEventDraft = {
  type: 'TicketSubmitted',
  data: {
    requester: { name: 'Ada', email: 'ada@example.com', phone: null },
    channel: 'api',
    category: 'network',
    summary: 'VPN',
    description: 'VPN times out',
    impact: 'high',
    urgency: 'high',
  },
};

describe('ticket lifecycle', () => {
  it('gives a ticket to another level only by escalation, return or reopening', () => {
    const drafts: TicketEventDraft[] = [
      submitted,
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'low', priority: 'P2' } },
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'l1' } },
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'r', domain: null },
      },
      { type: 'RequesterInformationRequested', data: { level: 'L2', question: 'Which laptop?' } },
      { type: 'RequesterInformationAdded', data: { message: 'The grey one', channel: 'portal' } },
      { type: 'TicketReturned', data: { fromLevel: 'L2', toLevel: 'L1', reason: 'r' } },
      {
        type: 'TicketResolved',
        data: { level: 'L1', resolution: 'fixed', knowledgeArticleId: null },
      },
      { type: 'TicketReopened', data: { toLevel: 'L1', reason: 'again' } },
      { type: 'TicketClosed', data: { reason: 'closed-without-confirmation' } },
    ];
    const events = stamped(drafts);
    const moves = new Set(['TicketEscalated', 'TicketReturned', 'TicketReopened']);
    let state: TicketLifecycle | undefined;
    const movedBy: string[] = [];
    for (const event of events) {
      const before = state;
      state = evolveLifecycle(state, event);
      if (before && before.owner !== state.owner) movedBy.push(event.type);
      if (!moves.has(event.type) && before) expect(state.owner).toBe(before.owner);
    }
    expect(movedBy).toEqual(['TicketEscalated', 'TicketReturned']);
  });

  it('starts at level 1 and follows ownership through escalation and return', () => {
    const atL3 = history(
      submitted,
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'l1' } },
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'r', domain: null },
      },
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L2', toLevel: 'L3', reason: 'r', domain: 'network' },
      },
    );
    expect(atL3).toMatchObject({
      owner: 'L3',
      status: 'new',
      assignee: null,
      domain: 'network',
      sequence: 4,
    });

    const back = evolveLifecycle(atL3, {
      ...stampTicketEvent(
        { type: 'TicketReturned', data: { fromLevel: 'L3', toLevel: 'L2', reason: 'not L3' } },
        {
          eventId: randomUUID(),
          ticketId,
          sequence: 5,
          occurredAt: '2026-11-24T10:00:00Z',
          producer: 't',
          correlationId: 'c',
          causationId: null,
          actor: { kind: 'system', id: 't' },
        },
      ),
    });
    expect(back).toMatchObject({ owner: 'L2', domain: 'network', sequence: 5 });
  });

  it('refuses a change from a level that does not own the ticket, and any change once closed', () => {
    const state = history(submitted);
    expect(() => assertOwnedBy(state, 'L2')).toThrow(NotTicketOwnerError);
    expect(() => assertOwnedBy(state, 'L1')).not.toThrow();
    const closed = history(
      submitted,
      {
        type: 'TicketResolved',
        data: { level: 'L1', resolution: 'done', knowledgeArticleId: null },
      },
      { type: 'TicketClosed', data: { reason: 'confirmed-by-requester' } },
    );
    expect(() => assertOwnedBy(closed, 'L1')).toThrow(TicketStateError);
  });

  it('lets the requester confirm or reopen a resolved ticket, back to the level that resolved it', () => {
    const resolved = history(
      submitted,
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'r', domain: null },
      },
      {
        type: 'TicketResolved',
        data: { level: 'L2', resolution: 'replaced', knowledgeArticleId: null },
      },
    );
    expect(decideConfirmation(resolved)).toEqual([
      { type: 'TicketClosed', data: { reason: 'confirmed-by-requester' } },
    ]);
    const resolvedAt = Date.parse(resolved.resolvedAt!);
    expect(
      decideReopening(resolved, 'still broken', new Date(resolvedAt + 3_600_000), 72 * 3_600_000),
    ).toEqual([{ type: 'TicketReopened', data: { toLevel: 'L2', reason: 'still broken' } }]);
    expect(() =>
      decideReopening(resolved, 'late', new Date(resolvedAt + 73 * 3_600_000), 72 * 3_600_000),
    ).toThrow(/reopen window/);
    expect(() => decideRequesterReply(resolved, 'hello', 'api')).toThrow(TicketStateError);
    expect(() => decideConfirmation(history(submitted))).toThrow(TicketStateError);
  });

  it('waits for the requester after a question and resumes on the answer', () => {
    const waiting = history(
      submitted,
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'l1' } },
      {
        type: 'RequesterInformationRequested',
        data: { level: 'L1', question: 'Which client version?' },
      },
    );
    expect(waiting.status).toBe('waiting-for-requester');
    const answered = history(
      submitted,
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'l1' } },
      {
        type: 'RequesterInformationRequested',
        data: { level: 'L1', question: 'Which client version?' },
      },
      { type: 'RequesterInformationAdded', data: { message: '5.1', channel: 'api' } },
    );
    expect(answered.status).toBe('in-progress');
  });
});
