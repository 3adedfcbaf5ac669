import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Priority, PrioritySchema, SUPPORT_LEVELS, SupportLevel } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { RequesterView, TICKET_STATUSES, TimelineEntryView } from '@helpdesk/tier-desk';
import { DIAGNOSIS_OUTCOMES, DiagnosisOutcome, RMA_STEPS, RmaStep } from '../domain/level2-case';
import { Level2Arrival } from './level2.entities';

export class HardwareReturnView {
  @ApiProperty({ example: 'RMA-20261124-5F1E0B7C' }) rmaNumber!: string;
  @ApiProperty({ enum: RMA_STEPS }) step!: RmaStep;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RemoteSessionView {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ format: 'uri' }) link!: string;
  @ApiProperty({ enum: ['open', 'ended'] }) state!: 'open' | 'ended';
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  endedAt!: string | null;
}

export class DiagnosisView {
  @ApiProperty() diagnosis!: string;
  @ApiProperty({ enum: DIAGNOSIS_OUTCOMES }) outcome!: DiagnosisOutcome;
  @ApiProperty({ format: 'date-time' }) diagnosedAt!: string;
}

export class Level2QueueItemView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: RequesterView }) requester!: RequesterView;
  @ApiProperty({ enum: PrioritySchema.options, nullable: true, type: String })
  priority!: string | null;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ nullable: true, type: String }) assignee!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why level 1 escalated it' })
  escalationReason!: string | null;
  @ApiProperty({ enum: ['escalation', 'return', 'reopening'], nullable: true, type: String })
  arrivedBy!: Level2Arrival | null;
  @ApiProperty({ nullable: true, type: String }) arrivalReason!: string | null;
  @ApiProperty({ type: DiagnosisView, nullable: true }) diagnosis!: DiagnosisView | null;
  @ApiProperty({ type: HardwareReturnView, nullable: true })
  hardwareReturn!: HardwareReturnView | null;
  @ApiProperty({ type: RemoteSessionView, nullable: true })
  remoteSession!: RemoteSessionView | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when it (last) came to level 2' })
  queuedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** How many tickets of one priority the queue holds (null: not prioritized yet). */
export class Level2PriorityCountView {
  @ApiProperty({ enum: PrioritySchema.options, nullable: true, type: String })
  priority!: Priority | null;
  @ApiProperty() tickets!: number;
  @ApiProperty({ description: 'of which nobody took yet' }) unassigned!: number;
  @ApiProperty({ description: 'of which the caller took' }) mine!: number;
}

export class Level2QueueView {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [Level2QueueItemView] }) items!: Level2QueueItemView[];
}

export class Level2TicketView {
  @ApiProperty({ format: 'uuid' }) ticketId!: string;
  @ApiProperty({ enum: SUPPORT_LEVELS }) owner!: SupportLevel;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ nullable: true, type: String }) assignee!: string | null;
  @ApiProperty({ description: 'in the level 2 queue now' }) inQueue!: boolean;
  @ApiProperty() summary!: string;
  @ApiProperty() description!: string;
  @ApiProperty() category!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ type: RequesterView }) requester!: RequesterView;
  @ApiProperty({ enum: PrioritySchema.options, nullable: true, type: String })
  priority!: string | null;
  @ApiProperty({ nullable: true, type: String }) escalationReason!: string | null;
  @ApiProperty({
    enum: ['escalation', 'return', 'reopening'],
    nullable: true,
    type: String,
    description: 'how it (last) came to level 2, while it is in the queue',
  })
  arrivedBy!: Level2Arrival | null;
  @ApiProperty({ nullable: true, type: String }) arrivalReason!: string | null;
  @ApiProperty({ type: DiagnosisView, nullable: true }) diagnosis!: DiagnosisView | null;
  @ApiProperty({ type: HardwareReturnView, nullable: true })
  hardwareReturn!: HardwareReturnView | null;
  @ApiProperty({ type: RemoteSessionView, nullable: true })
  remoteSession!: RemoteSessionView | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) firstReachedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [TimelineEntryView] }) timeline!: TimelineEntryView[];
}
