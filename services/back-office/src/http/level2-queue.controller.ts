import {
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTechnician, Technician, TechnicianGuard } from '@helpdesk/event-log-nest';
import { queueFilterOf } from '@helpdesk/tier-desk';
import { Level2Queries } from '../read-model/level2.queries';
import { Level2QueueView, Level2TicketView } from '../read-model/level2.views';
import { Level2QueueQuery } from './level2.dtos';

@ApiTags('level 2')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no valid technician token' })
@ApiForbiddenResponse({ description: 'not a level 2 technician nor a supervisor' })
@UseGuards(TechnicianGuard)
@Controller('api/v1')
export class Level2QueueController {
  constructor(private readonly queries: Level2Queries) {}

  @Get('queue')
  @ApiOkResponse({
    type: Level2QueueView,
    description: 'tickets level 2 owns, by priority (P1 first) then age (oldest first)',
  })
  queue(
    @Query() query: Level2QueueQuery,
    @CurrentTechnician() technician: Technician,
  ): Promise<Level2QueueView> {
    return this.queries.queue(queueFilterOf(query, technician));
  }

  @Get('tickets/:ticketId')
  @ApiOkResponse({ type: Level2TicketView })
  @ApiNotFoundResponse({ description: 'no such ticket, or one level 2 never had' })
  async ticket(@Param('ticketId', ParseUUIDPipe) ticketId: string): Promise<Level2TicketView> {
    const ticket = await this.queries.ticket(ticketId);
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} not found at level 2`);
    return ticket;
  }
}
