import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { CommandResultView } from '@helpdesk/tier-desk';
import { BackOfficeSettings } from '../application/back-office.settings';
import { Level2Commands } from '../application/level2-commands';

import {
  DiagnosisDto,
  EscalationDto,
  HardwareReturnStepDto,
  PhoneGuidanceDto,
  RemoteSessionEndDto,
  ResolutionDto,
  SendBackDto,
} from './level2.dtos';

@ApiTags('level 2')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no valid technician token' })
@ApiForbiddenResponse({ description: 'not a level 2 technician nor a supervisor' })
@ApiNotFoundResponse({ description: 'no such ticket' })
@ApiConflictResponse({
  description: 'level 2 does not own the ticket (`owner` says who does), or its state refuses',
})
@UseGuards(TechnicianGuard)
@Controller('api/v1/tickets/:ticketId')
export class Level2TicketsController {
  constructor(
    private readonly commands: Level2Commands,
    private readonly settings: BackOfficeSettings,
  ) {}

  @Post('take')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the ticket (or take it over from a colleague)' })
  @ApiOkResponse({ type: CommandResultView })
  take(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.take({ ticketId, technician, correlationId });
  }

  @Post('diagnosis')
  @HttpCode(200)
  @ApiOperation({ summary: 'Say where the problem comes from and what follows' })
  @ApiOkResponse({ type: CommandResultView })
  diagnose(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: DiagnosisDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.diagnose(
      { ticketId, technician, correlationId },
      { diagnosis: body.diagnosis, outcome: body.outcome },
    );
  }

  @Post('hardware-return')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the next step of the hardware return (RMA)',
    description: "'requested' gives the return its RMA number; steps go in order.",
  })
  @ApiOkResponse({ type: CommandResultView })
  progressHardwareReturn(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: HardwareReturnStepDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.progressHardwareReturn(
      { ticketId, technician, correlationId },
      { step: body.step, note: body.note ?? null },
    );
  }

  @Post('phone-guidance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Note the call in which the user was walked through the fix' })
  @ApiOkResponse({ type: CommandResultView })
  notePhoneGuidance(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: PhoneGuidanceDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.notePhoneGuidance({ ticketId, technician, correlationId }, body.notes);
  }

  @Post('remote-sessions')
  @ApiOperation({
    summary: "Start a remote session on the user's computer",
    description: 'The event carries the link, built from REMOTE_SESSION_URL_TEMPLATE.',
  })
  @ApiCreatedResponse({ type: CommandResultView })
  startRemoteSession(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.startRemoteSession({ ticketId, technician, correlationId });
  }

  @Post('remote-sessions/:sessionId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the open remote session' })
  @ApiOkResponse({ type: CommandResultView })
  endRemoteSession(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() body: RemoteSessionEndDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.endRemoteSession(
      { ticketId, technician, correlationId },
      { sessionId, notes: body.notes ?? null },
    );
  }

  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve the ticket at level 2' })
  @ApiOkResponse({ type: CommandResultView })
  resolve(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: ResolutionDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.resolve({ ticketId, technician, correlationId }, body.resolution);
  }

  @Post('escalate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Escalate to level 3 with the qualified domain' })
  @ApiOkResponse({ type: CommandResultView })
  @ApiBadRequestResponse({
    description: 'a field is wrong, e.g. a domain not in SPECIALIST_DOMAINS',
  })
  escalate(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: EscalationDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    const domains = this.settings.specialistDomains;
    if (!domains.includes(body.domain)) {
      // Shaped like the ValidationPipe's answers: a list of messages that name the field.
      throw new BadRequestException([
        `domain must be one of the following values: ${domains.join(', ')}`,
      ]);
    }
    return this.commands.escalate(
      { ticketId, technician, correlationId },
      {
        reason: body.reason,
        domain: body.domain,
      },
    );
  }

  @Post('send-back')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the ticket back to level 1' })
  @ApiOkResponse({ type: CommandResultView })
  sendBack(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: SendBackDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.commands.sendBack({ ticketId, technician, correlationId }, body.reason);
  }
}
