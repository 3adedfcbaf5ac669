import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import {
  NotQualifiedError,
  decideHandBack,
  decideResolution,
  decideTake,
} from './level3-decisions';

function atLevel3(overrides: Partial<TicketLifecycle> = {}): TicketLifecycle {
  return {
    ticketId: '5f1e0b7c-0000-4000-8000-000000000003',
    sequence: 7,
    owner: 'L3',
    status: 'new',
    priority: 'P2',
    assignee: null,
    domain: 'network',
    resolvedBy: null,
    resolvedAt: null,
    submittedAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T11:00:00.000Z',
    ...overrides,
  };
}

const nadia = { id: 'nadia', supervisor: false, skills: ['network', 'security'] };
const hiroshi = { id: 'hiroshi', supervisor: false, skills: ['hardware'] };
const stranger = { id: 'someone', supervisor: false, skills: null };
const boss = { id: 'boss', supervisor: true, skills: null };

describe('taking a ticket at level 3', () => {
  it('is for a specialist of its domain', () => {
    expect(decideTake(atLevel3(), nadia)).toEqual([
      { type: 'TicketTaken', data: { level: 'L3', technicianId: 'nadia' } },
    ]);
  });

  it('is refused to a specialist of other domains, and to a technician who is none', () => {
    expect(() => decideTake(atLevel3(), hiroshi)).toThrow(
      'ticket 5f1e0b7c-0000-4000-8000-000000000003 is in the network queue; hiroshi specialises in hardware',
    );
    expect(() => decideTake(atLevel3(), stranger)).toThrow(NotQualifiedError);
    expect(() => decideTake(atLevel3({ domain: null }), nadia)).toThrow(
      'is in the unqualified queue',
    );
  });

  it('is always open to a supervisor', () => {
    expect(decideTake(atLevel3({ domain: null }), boss)).toHaveLength(1);
  });

  it('is refused when already taken by the same specialist or resolved', () => {
    expect(() => decideTake(atLevel3({ assignee: 'nadia' }), nadia)).toThrow(
      'already taken by nadia',
    );
    expect(() => decideTake(atLevel3({ status: 'resolved' }), nadia)).toThrow(TicketStateError);
  });
});

describe('resolving at level 3', () => {
  const taken = atLevel3({ assignee: 'nadia', status: 'in-progress' });

  it('is done by the specialist who took the ticket', () => {
    expect(decideResolution(taken, nadia, 'MTU fixed on the site router')).toEqual([
      {
        type: 'TicketResolved',
        data: { level: 'L3', resolution: 'MTU fixed on the site router', knowledgeArticleId: null },
      },
    ]);
    expect(decideResolution(taken, boss, 'done')).toHaveLength(1);
  });

  it('is refused to others and before the ticket is taken', () => {
    expect(() => decideResolution(taken, hiroshi, 'done')).toThrow('taken by nadia');
    expect(() => decideResolution(atLevel3(), nadia, 'done')).toThrow('take ticket');
  });
});

describe('handing back to level 2', () => {
  it('returns the ticket with the reason', () => {
    expect(decideHandBack(atLevel3(), 'not a network problem')).toEqual([
      {
        type: 'TicketReturned',
        data: { fromLevel: 'L3', toLevel: 'L2', reason: 'not a network problem' },
      },
    ]);
  });

  it('is refused once resolved', () => {
    expect(() => decideHandBack(atLevel3({ status: 'resolved' }), 'r')).toThrow(TicketStateError);
  });
});
