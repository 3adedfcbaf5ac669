import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const STATUSES = ['new', 'in-progress', 'waiting-for-requester', 'resolved', 'closed'];
const LEVELS = ['L1', 'L2', 'L3'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

class TicketLinks {
  @ApiProperty({ example: '/api/v1/tickets/5f1e0c2a-8a4e-4c71-9a55-1b0f0d1e2c3b' })
  self!: string;
}

export class TicketSummaryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  @ApiProperty({ enum: LEVELS, description: 'The support level that owns the ticket' })
  level!: string;

  @ApiProperty({ enum: PRIORITIES, nullable: true })
  priority!: string | null;

  @ApiProperty({ type: TicketLinks })
  links!: TicketLinks;
}

export class TimelineEntryView {
  @ApiProperty()
  sequence!: number;

  @ApiProperty({ example: 'TicketEscalated' })
  type!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ description: 'A sentence, or the requester-facing words (question, resolution)' })
  text!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { fromLevel: 'L1', toLevel: 'L2' },
  })
  details!: Record<string, string>;
}

export class TicketView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ example: 'network-vpn' })
  category!: string;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  @ApiProperty({ enum: LEVELS })
  level!: string;

  @ApiProperty({ enum: PRIORITIES, nullable: true })
  priority!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: [TimelineEntryView] })
  timeline!: TimelineEntryView[];

  @ApiProperty({ type: TicketLinks })
  links!: TicketLinks;
}

export class IntegratorKeyView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'hd_Xy12ab', description: 'The first characters of the key' })
  prefix!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true })
  revokedAt!: string | null;
}

export class NewIntegratorKeyView extends IntegratorKeyView {
  @ApiProperty({ description: 'The key itself, shown this once: store it now' })
  key!: string;
}

export class ContactGuideCategoryView {
  @ApiProperty({ example: 'network-vpn' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String] })
  questions!: string[];

  @ApiProperty({ type: [String] })
  haveAtHand!: string[];

  @ApiProperty()
  position!: number;
}

export class ContactGuideView {
  @ApiProperty({ type: [ContactGuideCategoryView] })
  categories!: ContactGuideCategoryView[];
}

export class InboundEmailView {
  @ApiProperty({ enum: ['opened', 'replied'] })
  outcome!: string;

  @ApiProperty({ type: TicketSummaryView })
  ticket!: TicketSummaryView;

  @ApiPropertyOptional({ description: 'True when the Message-ID was already handled' })
  replayed?: boolean;
}
