import { TicketStateError } from '@helpdesk/ticket-lifecycle';
import { lifecycleOf, resolvedDraft, takenDraft } from '../../test/support/lifecycle-of';
import { decideAssignment, decideTake } from './assignment';

describe('decideTake', () => {
  it('assigns an unassigned ticket to the technician who takes it', () => {
    expect(decideTake(lifecycleOf(), 'tech-1')).toEqual([
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-1' } },
    ]);
  });

  it('changes nothing when the technician already has the ticket', () => {
    expect(decideTake(lifecycleOf(takenDraft('tech-1')), 'tech-1')).toEqual([]);
  });

  it("refuses to take another technician's ticket", () => {
    const state = lifecycleOf(takenDraft('tech-1'));
    expect(() => decideTake(state, 'tech-2')).toThrow(TicketStateError);
    expect(() => decideTake(state, 'tech-2')).toThrow(/already assigned to tech-1/);
  });

  it('refuses a resolved ticket', () => {
    expect(() => decideTake(lifecycleOf(resolvedDraft), 'tech-1')).toThrow(TicketStateError);
  });
});

describe('decideAssignment', () => {
  it("reassigns another technician's ticket", () => {
    expect(decideAssignment(lifecycleOf(takenDraft('tech-1')), 'tech-2')).toEqual([
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-2' } },
    ]);
  });

  it('changes nothing when the ticket already is with that technician', () => {
    expect(decideAssignment(lifecycleOf(takenDraft('tech-2')), 'tech-2')).toEqual([]);
  });

  it('refuses a resolved ticket', () => {
    expect(() => decideAssignment(lifecycleOf(resolvedDraft), 'tech-2')).toThrow(
      /already resolved/,
    );
  });
});
