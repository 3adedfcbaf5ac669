import {
  Body,
  Controller,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  CommandResult,
  CorrelationId,
  CurrentTechnician,
  Technician,
  TechnicianGuard,
} from '@helpdesk/event-log-nest';
import { Level3Commands } from '../application/level3-commands';
import { Level3CommandResultView } from './command-result.view';
import { HandBackDto, Level3ResolutionDto } from './level3.dtos';
import { NotQualifiedFilter } from './not-qualified.filter';

@ApiTags('level 3')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no valid technician token' })
@ApiForbiddenResponse({ description: 'not a level 3 technician nor a supervisor' })
@ApiNotFoundResponse({ description: 'no such ticket' })
@ApiConflictResponse({
  description: 'level 3 does not own the ticket (`owner` says who does), or its state refuses',
})
@UseGuards(TechnicianGuard)
@UseFilters(NotQualifiedFilter)
@Controller('api/v1/tickets/:ticketId')
export class Level3TicketsController {
  constructor(private readonly commands: Level3Commands) {}

  @Post('take')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take the ticket',
    description:
      'A specialist takes tickets of the domains they are registered for; supervisors take any.',
  })
  @ApiOkResponse({ type: Level3CommandResultView })
  @ApiForbiddenResponse({ description: "the technician's skills do not cover the domain" })
  take(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.take({ ticketId, technician, correlationId });
  }

  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve the ticket at level 3' })
  @ApiOkResponse({ type: Level3CommandResultView })
  resolve(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: Level3ResolutionDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.resolve({ ticketId, technician, correlationId }, body.resolution);
  }

  @Post('hand-back')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the ticket back to level 2' })
  @ApiOkResponse({ type: Level3CommandResultView })
  handBack(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: HandBackDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.handBack({ ticketId, technician, correlationId }, body.reason);
  }
}
