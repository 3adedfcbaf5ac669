import { ApiProperty } from '@nestjs/swagger';
import { PrioritySchema, SUPPORT_LEVELS, SupportLevel } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { Level3Arrival } from './level3.entities';
import { OPEN_STATUSES, RequesterView, TimelineEntryView } from '@helpdesk/tier-desk';

export class DomainQueueSummaryView {
  @ApiProperty({ example: 'network' })
  domain!: string;

  @ApiProperty({ description: 'tickets in the queue' })
  tickets!: number;

  @ApiProperty({ description: 'of which nobody took yet' })
  unassigned!: number;

  @ApiProperty({ description: 'specialists skilled in the domain' })
  specialists!: number;
}

export class DomainQueuesView {
  @ApiProperty({ type: [DomainQueueSummaryView] })
  queues!: DomainQueueSummaryView[];
}

export class Level3RequesterView extends RequesterView {}

export class Level3QueueItemView {
  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty()
  domain!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ type: Level3RequesterView })
  requester!: Level3RequesterView;

  @ApiProperty({ enum: PrioritySchema.options, nullable: true, type: String })
  priority!: string | null;

  @ApiProperty({ enum: OPEN_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ nullable: true, type: String })
  assignee!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'why level 2 escalated it' })
  escalationReason!: string | null;

  @ApiProperty({ enum: ['escalation', 'reopening'], nullable: true, type: String })
  arrivedBy!: Level3Arrival | null;

  @ApiProperty({ nullable: true, type: String })
  arrivalReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'when it (last) came to level 3' })
  queuedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** Level 3's tickets across its domain queues, or in one of them. */
export class Level3QueueView {
  @ApiProperty()
  total!: number;

  @ApiProperty({ type: [Level3QueueItemView] })
  items!: Level3QueueItemView[];
}

export class DomainQueueView {
  @ApiProperty()
  domain!: string;

  @ApiProperty()
  total!: number;

  @ApiProperty({ type: [Level3QueueItemView] })
  items!: Level3QueueItemView[];
}

export class Level3TimelineEntryView extends TimelineEntryView {}

export class Level3TicketView {
  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty({ enum: SUPPORT_LEVELS })
  owner!: SupportLevel;

  @ApiProperty()
  status!: TicketStatus;

  @ApiProperty({ nullable: true, type: String })
  assignee!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'the domain level 2 qualified' })
  domain!: string | null;

  @ApiProperty({ description: 'in a level 3 queue now' })
  inQueue!: boolean;

  @ApiProperty()
  summary!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  category!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'how it was submitted (from its first event)',
  })
  channel!: string | null;

  @ApiProperty({ type: Level3RequesterView })
  requester!: Level3RequesterView;

  @ApiProperty({ enum: PrioritySchema.options, nullable: true, type: String })
  priority!: string | null;

  @ApiProperty({ nullable: true, type: String })
  escalationReason!: string | null;

  @ApiProperty({
    enum: ['escalation', 'reopening'],
    nullable: true,
    type: String,
    description: 'how it (last) came to level 3, while it is in a queue',
  })
  arrivedBy!: Level3Arrival | null;

  @ApiProperty({ nullable: true, type: String })
  arrivalReason!: string | null;

  @ApiProperty({ nullable: true, type: String, description: "level 2's latest diagnosis" })
  level2Diagnosis!: string | null;

  @ApiProperty({ nullable: true, type: String })
  level2Outcome!: string | null;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ format: 'date-time' })
  firstReachedAt!: string;

  @ApiProperty({ type: [Level3TimelineEntryView] })
  timeline!: Level3TimelineEntryView[];
}

export class SpecialistView {
  @ApiProperty({ description: "the technician's id, as in their session token" })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [String], example: ['network'] })
  domains!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
