import { ApiProperty } from '@nestjs/swagger';
import { Actor } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';

export const TICKET_STATUSES: readonly TicketStatus[] = [
  'new',
  'in-progress',
  'waiting-for-requester',
  'resolved',
  'closed',
];

/** The statuses of tickets in a queue (a closed one leaves it). */
export const OPEN_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (status) => status !== 'closed',
);

export class RequesterView {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A number to call the requester back on, or null when they left none',
  })
  phone!: string | null;
}

export class TimelineEntryView {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'TicketEscalated' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ description: 'who: kind, id and, for a technician, level' }) actor!: Actor;
  @ApiProperty({ description: 'the service that emitted it' }) producer!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}
