import {
  Body,
  Controller,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  applyDecorators,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  CommandResult,
  CorrelationId,
  CurrentTechnician,
  Technician,
} from '@helpdesk/event-log-nest';
import { Level1Commands } from '../application/level1-commands';
import { Level1Access } from './level1-access.decorator';
import { CommandResultResponse } from './responses';
import {
  AssignDto,
  EscalateDto,
  InformationRequestDto,
  PrioritizeDto,
  ResolveDto,
} from './ticket-commands.dto';

function TicketCommand(summary: string): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: CommandResultResponse }),
    ApiBadRequestResponse({ description: 'A malformed body; the message names the field' }),
    ApiNotFoundResponse({ description: 'No such ticket' }),
    ApiConflictResponse({
      description:
        'Level 1 does not own the ticket (`owner` says who does), or it is closed or resolved',
    }),
  );
}

@ApiTags('level 1: tickets')
@ApiParam({ name: 'id', format: 'uuid', description: 'The ticket' })
@Level1Access()
@Controller('api/v1/tickets/:id')
export class TicketCommandsController {
  constructor(private readonly commands: Level1Commands) {}

  @Post('take')
  @TicketCommand('Take the ticket (assign it to me)')
  take(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.take(id, { technician, correlationId });
  }

  @Post('assign')
  @TicketCommand('Assign the ticket to a technician')
  assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.assign(id, body.technicianId, { technician, correlationId });
  }

  @Post('priority')
  @TicketCommand('Assess impact and urgency; the priority matrix gives the priority')
  prioritize(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PrioritizeDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.prioritize(
      id,
      { impact: body.impact, urgency: body.urgency },
      { technician, correlationId },
    );
  }

  @Post('resolve')
  @TicketCommand('Resolve at level 1 (first-contact resolution), citing an article or not')
  @ApiUnprocessableEntityResponse({ description: 'The cited knowledge article does not exist' })
  resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResolveDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.resolve(
      id,
      { resolution: body.resolution, knowledgeArticleId: body.knowledgeArticleId },
      { technician, correlationId },
    );
  }

  @Post('information-requests')
  @TicketCommand('Ask the requester for information; the ticket waits for the answer')
  requestInformation(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: InformationRequestDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.requestInformation(id, body.question, { technician, correlationId });
  }

  @Post('escalate')
  @TicketCommand('Escalate to level 2')
  escalate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EscalateDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.escalate(id, body.reason, { technician, correlationId });
  }
}
