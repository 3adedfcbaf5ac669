import { TicketStateError } from '@helpdesk/ticket-lifecycle';
import { lifecycleOf, resolvedDraft, takenDraft } from '../../test/support/lifecycle-of';
import { decideEscalation } from './escalation';

describe('decideEscalation', () => {
  it('hands the ticket to level 2, which qualifies the domain', () => {
    expect(decideEscalation(lifecycleOf(takenDraft('tech-1')), 'needs remote access')).toEqual([
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'needs remote access', domain: null },
      },
    ]);
  });

  it('refuses a resolved ticket', () => {
    expect(() => decideEscalation(lifecycleOf(resolvedDraft), 'too late')).toThrow(
      TicketStateError,
    );
  });
});
