import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Channel, SupportLevel } from '@helpdesk/ticket-events';
import {
  decideConfirmation,
  decideReopening,
  decideRequesterReply,
} from '@helpdesk/ticket-lifecycle';
import { Clock } from '../commands/clock';
import { CommandResult, TicketCommandBus } from '../commands/ticket-command-bus';
import { ServiceIdentity } from '../commands/service-identity';
import { ServiceSettings } from '../service.settings';
import { CorrelationId } from './correlation-id.decorator';
import { InternalTokenGuard } from './internal-token.guard';

class RequesterDto {
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

class RequesterActionDto {
  @ValidateNested()
  @Type(() => RequesterDto)
  requester!: RequesterDto;
}

class RequesterReplyDto extends RequesterActionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  message!: string;

  @IsIn(['api', 'portal', 'email', 'phone'])
  channel!: Channel;
}

class ReopeningDto extends RequesterActionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}

/**
 * The requester's actions, forwarded by intake to the level that owns the ticket. That level
 * decides and emits: a requester never bypasses ownership.
 */
@ApiExcludeController()
@Controller('internal/v1/tickets/:ticketId/requester')
@UseGuards(InternalTokenGuard)
export class RequesterActionsController {
  private readonly level: SupportLevel;

  constructor(
    private readonly commands: TicketCommandBus,
    private readonly clock: Clock,
    private readonly settings: ServiceSettings,
    identity: ServiceIdentity,
  ) {
    if (!identity.level) throw new Error('requester actions are served by a support level');
    this.level = identity.level;
  }

  @Post('replies')
  @HttpCode(200)
  reply(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: RequesterReplyDto,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.run(ticketId, body, correlationId, (state) =>
      decideRequesterReply(state, body.message, body.channel),
    );
  }

  @Post('confirmation')
  @HttpCode(200)
  confirm(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: RequesterActionDto,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    return this.run(ticketId, body, correlationId, decideConfirmation);
  }

  @Post('reopening')
  @HttpCode(200)
  reopen(
    @Param('ticketId', ParseUUIDPipe) ticketId: string,
    @Body() body: ReopeningDto,
    @CorrelationId() correlationId: string,
  ): Promise<CommandResult> {
    const windowMs = this.settings.REOPEN_WINDOW_HOURS * 3_600_000;
    return this.run(ticketId, body, correlationId, (state) =>
      decideReopening(state, body.reason, this.clock.now(), windowMs),
    );
  }

  private run(
    ticketId: string,
    body: RequesterActionDto,
    correlationId: string,
    decide: Parameters<TicketCommandBus['execute']>[0]['decide'],
  ): Promise<CommandResult> {
    return this.commands.execute({
      ticketId,
      level: this.level,
      actor: { kind: 'requester', id: body.requester.email },
      correlationId,
      decide,
    });
  }
}
