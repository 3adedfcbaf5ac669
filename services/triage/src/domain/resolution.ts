import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { assertWorkable } from './open-ticket';

/** The knowledge-base article the technician followed, as far as a resolution needs it. */
export interface CitedArticle {
  id: string;
  solution: string;
}

export interface ResolutionInput {
  /** What was done; defaults to the cited article's solution. */
  resolution?: string;
  article?: CitedArticle;
}

/** First-contact resolution: level 1 solves the problem, with its own words or an article. */
export function decideResolution(
  state: TicketLifecycle,
  input: ResolutionInput,
): TicketEventDraft[] {
  assertWorkable(state);
  const resolution = input.resolution?.trim() || input.article?.solution;
  if (!resolution) {
    throw new TicketStateError('describe the resolution or cite a knowledge article');
  }
  return [
    {
      type: 'TicketResolved',
      data: { level: 'L1', resolution, knowledgeArticleId: input.article?.id ?? null },
    },
  ];
}
