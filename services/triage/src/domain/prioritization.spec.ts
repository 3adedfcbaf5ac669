import {
  ITIL_PRIORITY_MATRIX,
  TicketStateError,
  parsePriorityMatrix,
} from '@helpdesk/ticket-lifecycle';
import { lifecycleOf, resolvedDraft } from '../../test/support/lifecycle-of';
import { decidePrioritization } from './prioritization';

describe('decidePrioritization', () => {
  it('gives the priority of the ITIL matrix', () => {
    expect(
      decidePrioritization(
        lifecycleOf(),
        { impact: 'high', urgency: 'medium' },
        ITIL_PRIORITY_MATRIX,
      ),
    ).toEqual([
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'medium', priority: 'P2' } },
    ]);
  });

  it("follows the deployment's own matrix", () => {
    const matrix = parsePriorityMatrix('{"high":{"medium":"P1"}}');
    expect(
      decidePrioritization(lifecycleOf(), { impact: 'high', urgency: 'medium' }, matrix),
    ).toEqual([
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'medium', priority: 'P1' } },
    ]);
  });

  it('refuses a resolved ticket', () => {
    expect(() =>
      decidePrioritization(
        lifecycleOf(resolvedDraft),
        { impact: 'low', urgency: 'low' },
        ITIL_PRIORITY_MATRIX,
      ),
    ).toThrow(TicketStateError);
  });
});
