import { Impact, TicketEventDraft, Urgency } from '@helpdesk/ticket-events';
import { PriorityMatrix, TicketLifecycle, priorityOf } from '@helpdesk/ticket-lifecycle';
import { assertWorkable } from './open-ticket';

export interface Assessment {
  impact: Impact;
  urgency: Urgency;
}

/** Level 1 assesses (or re-assesses) impact and urgency; the deployment's matrix gives the priority. */
export function decidePrioritization(
  state: TicketLifecycle,
  assessment: Assessment,
  matrix: PriorityMatrix,
): TicketEventDraft[] {
  assertWorkable(state);
  const { impact, urgency } = assessment;
  return [
    {
      type: 'TicketPrioritized',
      data: { impact, urgency, priority: priorityOf(impact, urgency, matrix) },
    },
  ];
}
