import {
  Body,
  Controller,
  Post,
  Res,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CorrelationId } from '@helpdesk/event-log-nest';
import { InboundEmailService } from '../application/inbound-email.service';
import { AdminTokenGuard } from '../integrators/admin-token.guard';
import { InboundEmailView } from './dto/views';

/** The mail gateway hands each message in, raw (the kernel parses these types as text, ≤ 1 MB). */
@ApiTags('email')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong ADMIN_API_TOKEN' })
@Controller('api/v1/inbound-email')
@UseGuards(AdminTokenGuard)
export class InboundEmailController {
  constructor(private readonly email: InboundEmailService) {}

  @Post()
  @ApiOperation({
    summary: 'Take in one email',
    description:
      'A subject with [#<ticket id>] of an existing ticket, from its requester, adds a reply ' +
      'to it; any other message opens a ticket. A Message-ID seen before is not handled twice.',
  })
  @ApiConsumes('message/rfc822', 'text/plain')
  @ApiBody({ schema: { type: 'string', maxLength: 1_048_576 } })
  @ApiCreatedResponse({ type: InboundEmailView, description: 'A ticket was opened' })
  @ApiOkResponse({ type: InboundEmailView, description: 'A reply was added' })
  @ApiUnprocessableEntityResponse({ description: 'No From address, no text, or unparseable' })
  async receive(
    @Body() raw: unknown,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InboundEmailView> {
    if (typeof raw !== 'string' || raw.length === 0) {
      throw new UnsupportedMediaTypeException(
        'send the raw message as the body, with Content-Type message/rfc822 or text/plain',
      );
    }
    const { response: outcome, replayed } = await this.email.receive(raw, correlationId);
    response.status(outcome.outcome === 'opened' ? 201 : 200);
    return { ...outcome, ...(replayed && { replayed }) };
  }
}
