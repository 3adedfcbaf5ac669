import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Priority } from '@helpdesk/ticket-events';
import { PRIORITIES, QUEUE_STATUSES, QueueStatus } from '../read-model/level1-queue.queries';

export class QueueQueryDto {
  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ enum: QUEUE_STATUSES })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: QueueStatus;

  @ApiPropertyOptional({ enum: ['me', 'unassigned'], description: 'My tickets, or nobody’s' })
  @IsOptional()
  @IsIn(['me', 'unassigned'])
  assignee?: 'me' | 'unassigned';

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;
}
