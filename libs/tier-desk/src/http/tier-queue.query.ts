import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Priority, PrioritySchema } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { Technician } from '@helpdesk/event-log-nest';
import { OPEN_STATUSES } from './tier.views';

/** A queue's filters (priority, status, assignee) and page. */
export class TierQueueQuery {
  @ApiPropertyOptional({ enum: PrioritySchema.options })
  @IsOptional()
  @IsIn(PrioritySchema.options)
  priority?: Priority;

  @ApiPropertyOptional({ enum: OPEN_STATUSES })
  @IsOptional()
  @IsIn(OPEN_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({
    enum: ['me', 'unassigned'],
    description: 'me: taken by the caller; unassigned: taken by nobody',
  })
  @IsOptional()
  @IsIn(['me', 'unassigned'])
  assignee?: 'me' | 'unassigned';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ minimum: 0, maximum: 100_000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset = 0;
}

/** The query's filters for the caller: `me` is their id, `unassigned` is null. */
export function queueFilterOf(query: TierQueueQuery, technician: Technician) {
  return {
    priority: query.priority,
    status: query.status,
    assignee:
      query.assignee === 'me' ? technician.id : query.assignee === 'unassigned' ? null : undefined,
    limit: query.limit,
    offset: query.offset,
  };
}
