import { ApiProperty } from '@nestjs/swagger';
import { Actor, Channel, Impact, Priority, SupportLevel, Urgency } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStatus } from '@helpdesk/ticket-lifecycle';
import { CommandResult } from '@helpdesk/event-log-nest';
import { SlaState } from '@helpdesk/service-levels';
import { KnowledgeArticle, RankedArticle } from '../read-model/knowledge-base/knowledge-articles';
import { Queue, QueueItem, TicketView, TimelineEntry } from '../read-model/level1-queue.queries';

// The shapes of the answers, for the OpenAPI document; each implements the type it documents.

const LEVELS = ['low', 'medium', 'high'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const STATUSES = ['new', 'in-progress', 'waiting-for-requester', 'resolved', 'closed'];
const SUPPORT_LEVELS = ['L1', 'L2', 'L3'];

class RequesterResponse {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A number to call the requester back on, or null when they left none',
  })
  phone!: string | null;
}

export class QueueItemResponse implements QueueItem {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: ['api', 'portal', 'email', 'phone'] }) channel!: Channel;
  @ApiProperty({ type: RequesterResponse }) requester!: RequesterResponse;
  @ApiProperty({ enum: LEVELS }) impact!: Impact;
  @ApiProperty({ enum: LEVELS }) urgency!: Urgency;
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  @ApiProperty({ description: "False while it only reflects the requester's impact and urgency" })
  priorityAssessed!: boolean;
  @ApiProperty({ enum: STATUSES }) status!: TicketStatus;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({
    enum: ['ok', 'warning', 'breached'],
    description: "Level 1's service-level targets: warned of, or one of them missed",
  })
  slaState!: SlaState;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class PriorityCountsResponse implements Record<Priority, number> {
  @ApiProperty() P1!: number;
  @ApiProperty() P2!: number;
  @ApiProperty() P3!: number;
  @ApiProperty() P4!: number;
}

export class QueueResponse implements Queue {
  @ApiProperty({ type: [QueueItemResponse], description: 'P1 first, then oldest first' })
  items!: QueueItemResponse[];
  @ApiProperty({ type: PriorityCountsResponse, description: 'Per priority, same filters' })
  counts!: PriorityCountsResponse;
}

class TimelineEntryResponse implements TimelineEntry {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'TicketTaken' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'triage' }) producer!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) actor!: Actor;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class TicketResponse extends QueueItemResponse implements TicketView {
  @ApiProperty() description!: string;
  @ApiProperty({ enum: SUPPORT_LEVELS }) owner!: SupportLevel;
  @ApiProperty({ description: 'Owned by level 1 and not closed' }) inQueue!: boolean;
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
}

class TicketLifecycleResponse implements TicketLifecycle {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ enum: SUPPORT_LEVELS }) owner!: SupportLevel;
  @ApiProperty({ enum: STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: PRIORITIES, nullable: true }) priority!: Priority | null;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({ type: String, nullable: true }) domain!: string | null;
  @ApiProperty({ enum: SUPPORT_LEVELS, nullable: true }) resolvedBy!: SupportLevel | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CommandResultResponse implements Pick<CommandResult, 'state'> {
  @ApiProperty({ type: TicketLifecycleResponse, description: 'The ticket after the command' })
  state!: TicketLifecycleResponse;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'The events the command produced (none when it changed nothing), see docs/events.md',
  })
  events!: unknown[];
}

export class KnowledgeArticleResponse implements KnowledgeArticle {
  @ApiProperty({ example: 'kb-printer-offline' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() symptoms!: string;
  @ApiProperty() solution!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() author!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RankedArticleResponse implements RankedArticle {
  @ApiProperty({ example: 'kb-vpn-wont-connect' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() symptoms!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ description: 'ts_rank: higher is closer' }) rank!: number;
}

export class ArticleSearchResponse {
  @ApiProperty({
    enum: ['all', 'any'],
    description: '`any` when no article matched every word and any word was enough',
  })
  match!: 'all' | 'any';
  @ApiProperty({ type: [RankedArticleResponse] }) items!: RankedArticleResponse[];
}

export class SuggestedArticlesResponse {
  @ApiProperty({ type: [RankedArticleResponse], description: 'Closest first' })
  items!: RankedArticleResponse[];
}
