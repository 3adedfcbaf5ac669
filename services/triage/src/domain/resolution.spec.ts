import { TicketStateError } from '@helpdesk/ticket-lifecycle';
import { lifecycleOf, resolvedDraft } from '../../test/support/lifecycle-of';
import { decideResolution } from './resolution';

const article = { id: 'kb-vpn-wont-connect', solution: '1. Restart the VPN client.' };

describe('decideResolution', () => {
  it("resolves at level 1 with the technician's words", () => {
    expect(decideResolution(lifecycleOf(), { resolution: 'Replaced the toner' })).toEqual([
      {
        type: 'TicketResolved',
        data: { level: 'L1', resolution: 'Replaced the toner', knowledgeArticleId: null },
      },
    ]);
  });

  it("takes the article's solution when no resolution is written", () => {
    expect(decideResolution(lifecycleOf(), { article })).toEqual([
      {
        type: 'TicketResolved',
        data: { level: 'L1', resolution: article.solution, knowledgeArticleId: article.id },
      },
    ]);
  });

  it('keeps the written resolution and cites the article', () => {
    const [event] = decideResolution(lifecycleOf(), { resolution: 'Followed the guide', article });
    expect(event?.data).toEqual({
      level: 'L1',
      resolution: 'Followed the guide',
      knowledgeArticleId: article.id,
    });
  });

  it('needs a resolution or an article', () => {
    expect(() => decideResolution(lifecycleOf(), { resolution: '  ' })).toThrow(TicketStateError);
  });

  it('refuses a ticket that is already resolved', () => {
    expect(() => decideResolution(lifecycleOf(resolvedDraft), { article })).toThrow(
      /already resolved/,
    );
  });
});
