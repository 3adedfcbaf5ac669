import { timelineItems } from './ticket-view';

describe('timelineItems', () => {
  it('says what happened, who did it and keeps every other field as text', () => {
    const [item] = timelineItems([
      {
        sequence: 3,
        type: 'TicketEscalated',
        occurredAt: '2026-11-29T08:00:00.000Z',
        actor: { kind: 'technician', id: 'alex.l1', level: 'L1' },
        data: { fromLevel: 'L1', toLevel: 'L2', reason: '<b>VPN</b> broken', domain: null },
      },
    ]);

    expect(item).toEqual({
      title: 'Escalated to level 2',
      at: '2026-11-29T08:00:00.000Z',
      who: 'alex.l1 (L1)',
      details: [['reason', '<b>VPN</b> broken']],
    });
  });

  it('names an unknown event type by its type rather than hiding it', () => {
    const [item] = timelineItems([
      {
        sequence: 1,
        type: 'SomethingNew',
        occurredAt: '2026-11-29T08:00:00.000Z',
        actor: { kind: 'system', id: 'sla' },
        data: { knowledgeArticleId: 'vpn-1' },
      },
    ]);

    expect(item?.title).toBe('SomethingNew');
    expect(item?.details).toEqual([['knowledge article id', 'vpn-1']]);
  });
});
