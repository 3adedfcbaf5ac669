import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CorrelationId, CurrentTechnician, Technician } from '@helpdesk/event-log-nest';
import { TicketSummary } from '../application/opened-ticket';
import { TicketIntakeService } from '../application/ticket-intake.service';
import { PhoneCallDto } from './dto/ticket-request.dto';
import { TicketSummaryView } from './dto/views';
import { PhoneDeskGuard } from './phone-desk.guard';
import {
  CORRELATION_ID_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
  ticketRequestOf,
} from './tickets.controller';

/** A front-line technician logs a call from the hotline as a ticket. */
@ApiTags('phone')
@ApiBearerAuth()
@Controller('api/v1/phone-calls')
@UseGuards(PhoneDeskGuard)
export class PhoneCallsController {
  constructor(private readonly intake: TicketIntakeService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Log a phone call as a ticket (level 1 technicians, supervisors)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(CORRELATION_ID_HEADER)
  @ApiCreatedResponse({ type: TicketSummaryView })
  @ApiBadRequestResponse({ description: 'A field is missing, wrong or unknown (it is named)' })
  @ApiUnauthorizedResponse({ description: 'No valid technician session token' })
  @ApiForbiddenResponse({ description: 'Not a level 1 technician nor a supervisor' })
  async log(
    @Body() body: PhoneCallDto,
    @CurrentTechnician() technician: Technician,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TicketSummary> {
    const outcome = await this.intake.submit(
      ticketRequestOf(body, 'phone'),
      // The call is taken at the front line, whoever (L1 or a supervisor) logs it.
      { actor: { kind: 'technician', id: technician.id, level: 'L1' }, correlationId },
      { scope: `technician:${technician.id}`, key: idempotencyKeyOf(idempotencyKey) },
    );
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.response;
  }
}
