import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Priority } from '@helpdesk/ticket-events';
import { KNOWLEDGE_ARTICLE_ID } from '../http/knowledge-article.dto';
import {
  PRIORITIES,
  QUEUE_SORTS,
  QUEUE_STATUSES,
  QueueSort,
  QueueStatus,
} from '../read-model/level1-queue.queries';

/** A form's "any" choice or an empty text field comes as `''`: the same as leaving it out. */
const blankAsAbsent = Transform(({ value }: { value: unknown }) =>
  value === '' ? undefined : value,
);

/** "Older than": the choices of the queue's age filter, in milliseconds. */
export const AGES = {
  '1h': 60 * 60_000,
  '4h': 4 * 60 * 60_000,
  '1d': 24 * 60 * 60_000,
  '3d': 3 * 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
} as const;
export type Age = keyof typeof AGES;

/** The queue page's filter form (a GET: the filters stay in the address, bookmarkable). */
export class QueueFiltersDto {
  @blankAsAbsent
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @blankAsAbsent
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: QueueStatus;

  @blankAsAbsent
  @IsOptional()
  @IsIn(['me', 'unassigned'])
  assignee?: 'me' | 'unassigned';

  @blankAsAbsent
  @IsOptional()
  @IsIn(Object.keys(AGES))
  age?: Age;

  @blankAsAbsent
  @IsOptional()
  @IsIn(QUEUE_SORTS)
  sort?: QueueSort;
}

/** The knowledge-base search, from the queue page or from a ticket (then it can resolve it). */
export class KnowledgeBaseSearchDto {
  @blankAsAbsent
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @blankAsAbsent
  @IsOptional()
  @IsUUID()
  ticket?: string;
}

/**
 * The Resolve form: its own words, an article, or both. Unlike the JSON API, a form always
 * sends its fields, so an empty one means "not given"; the domain still refuses a resolution
 * with neither.
 */
export class ResolveFormDto {
  @blankAsAbsent
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  resolution?: string;

  @blankAsAbsent
  @IsOptional()
  @IsString()
  @Matches(KNOWLEDGE_ARTICLE_ID, { message: 'the article id must look like kb-...' })
  knowledgeArticleId?: string;
}
