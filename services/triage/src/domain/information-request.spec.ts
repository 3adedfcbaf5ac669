import { TicketStateError } from '@helpdesk/ticket-lifecycle';
import { lifecycleOf, resolvedDraft } from '../../test/support/lifecycle-of';
import { decideInformationRequest } from './information-request';

describe('decideInformationRequest', () => {
  it('asks the requester, at level 1', () => {
    expect(decideInformationRequest(lifecycleOf(), 'Which printer?')).toEqual([
      { type: 'RequesterInformationRequested', data: { level: 'L1', question: 'Which printer?' } },
    ]);
  });

  it('refuses a resolved ticket', () => {
    expect(() => decideInformationRequest(lifecycleOf(resolvedDraft), 'And?')).toThrow(
      TicketStateError,
    );
  });
});
