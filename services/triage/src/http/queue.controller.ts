import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTechnician, Technician } from '@helpdesk/event-log-nest';
import { Level1QueueQueries, Queue } from '../read-model/level1-queue.queries';
import { Level1Access } from './level1-access.decorator';
import { QueueQueryDto } from './queue-query.dto';
import { QueueResponse } from './responses';

@ApiTags('level 1: queue')
@Level1Access()
@Controller('api/v1/queue')
export class QueueController {
  constructor(private readonly queries: Level1QueueQueries) {}

  @Get()
  @ApiOperation({ summary: 'The level-1 queue: P1 first, then oldest first' })
  @ApiOkResponse({ type: QueueResponse })
  @ApiBadRequestResponse({ description: 'An unknown filter or value' })
  queue(
    @Query() query: QueueQueryDto,
    @CurrentTechnician() technician: Technician,
  ): Promise<Queue> {
    return this.queries.queue({
      priority: query.priority,
      status: query.status,
      assignee: query.assignee === 'me' ? { technicianId: technician.id } : query.assignee,
      limit: query.limit,
    });
  }
}
