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
import { Level3Queries } from '../read-model/level3.queries';
import { DomainQueueView, DomainQueuesView, Level3TicketView } from '../read-model/level3.views';
import { DomainParams, DomainQueueQuery } from './level3.dtos';

@ApiTags('level 3')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no valid technician token' })
@ApiForbiddenResponse({ description: 'not a level 3 technician nor a supervisor' })
@UseGuards(TechnicianGuard)
@Controller('api/v1')
export class Level3QueuesController {
  constructor(private readonly queries: Level3Queries) {}

  @Get('queues')
  @ApiOkResponse({
    type: DomainQueuesView,
    description: 'every domain with tickets or specialists, by name',
  })
  async queues(): Promise<DomainQueuesView> {
    return { queues: await this.queries.queues() };
  }

  @Get('queues/:domain')
  @ApiOkResponse({
    type: DomainQueueView,
    description: "a domain's tickets, by priority (P1 first) then age (oldest first)",
  })
  queue(
    @Param() { domain }: DomainParams,
    @Query() query: DomainQueueQuery,
    @CurrentTechnician() technician: Technician,
  ): Promise<DomainQueueView> {
    return this.queries.queue({ domain, ...queueFilterOf(query, technician) });
  }

  @Get('tickets/:ticketId')
  @ApiOkResponse({ type: Level3TicketView })
  @ApiNotFoundResponse({ description: 'no such ticket, or one level 3 never had' })
  async ticket(@Param('ticketId', ParseUUIDPipe) ticketId: string): Promise<Level3TicketView> {
    const ticket = await this.queries.ticket(ticketId);
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} not found at level 3`);
    return ticket;
  }
}
