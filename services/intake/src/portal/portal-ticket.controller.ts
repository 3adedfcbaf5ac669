import {
  Body,
  Controller,
  Get,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Request, Response } from 'express';
import { CorrelationId, setFlash, takeFlash } from '@helpdesk/event-log-nest';
import { ContactGuideService } from '../application/contact-guide.service';
import { TicketActionsService } from '../application/ticket-actions.service';
import { ReopeningDto, ReplyDto } from '../http/dto/ticket-actions.dto';
import { TicketIdPipe } from '../http/ticket-id.pipe';
import { RequesterTicket } from '../read-model/requester-ticket.entity';
import { RequesterTicketsQueries } from '../read-model/requester-tickets.queries';
import { ticketPage } from './pages/ticket.page';
import { NOT_FOUND_MESSAGE, PortalErrorsFilter, errorText } from './portal-errors.filter';
import { PortalFormCookie } from './portal-form-cookie';
import { RequesterAccess } from './requester-access';

/**
 * A ticket as its requester follows it, behind its tracking link, and the requester's actions
 * on it: answer or add information, confirm the resolution, reopen. The actions go through
 * the same TicketActionsService as the API's, to the level that owns the ticket, which decides.
 */
@ApiExcludeController()
@Controller('portal/tickets/:id')
@UseFilters(PortalErrorsFilter)
export class PortalTicketController {
  constructor(
    private readonly queries: RequesterTicketsQueries,
    private readonly actions: TicketActionsService,
    private readonly guide: ContactGuideService,
    private readonly forms: PortalFormCookie,
    private readonly access: RequesterAccess,
  ) {}

  @Get()
  async show(
    @Param('id', TicketIdPipe) id: string,
    @Query('access') access: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const ticket = await this.ticket(id, access);
    const [timeline, categories] = await Promise.all([
      this.queries.publicTimeline(id),
      this.guide.list(),
    ]);
    const csrfToken = this.forms.tokenFor(request, response);
    const flash = takeFlash(request, response);
    response
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(
        ticketPage({
          ticket,
          timeline,
          categoryName:
            categories.find((category) => category.id === ticket.category)?.name ?? ticket.category,
          access: this.access.tokenFor(id),
          csrfToken,
          flash,
        }).markup,
      );
  }

  @Post('replies')
  async reply(
    @Param('id', TicketIdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const ticket = await this.actionable(id, body, request);
    const form = formOf(ReplyDto, { message: body['message'] }, 'Write your message first.');
    await this.act(response, ticket, form.problem, async () => {
      await this.actions.reply(ticket, form.value.message, 'portal', correlationId);
      return 'Your message was added to the ticket.';
    });
  }

  @Post('confirmation')
  async confirm(
    @Param('id', TicketIdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const ticket = await this.actionable(id, body, request);
    await this.act(response, ticket, undefined, async () => {
      await this.actions.confirm(ticket, correlationId);
      return 'Thank you for confirming: the ticket is closed.';
    });
  }

  @Post('reopening')
  async reopen(
    @Param('id', TicketIdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const ticket = await this.actionable(id, body, request);
    const form = formOf(ReopeningDto, { reason: body['reason'] }, 'Say what is still wrong first.');
    await this.act(response, ticket, form.problem, async () => {
      await this.actions.reopen(ticket, form.value.reason, correlationId);
      return 'The ticket is reopened: IT support will look at it again.';
    });
  }

  /** The ticket behind a tracking link; a wrong token is as unknown as a missing ticket. */
  private async ticket(id: string, access: unknown): Promise<RequesterTicket> {
    const ticket = this.access.matches(id, access) ? await this.queries.find(id) : null;
    if (!ticket) throw new NotFoundException(NOT_FOUND_MESSAGE);
    return ticket;
  }

  /** The ticket of a form posted from its page: the link's token (404), then CSRF (403). */
  private async actionable(
    id: string,
    body: Record<string, unknown>,
    request: Request,
  ): Promise<RequesterTicket> {
    const ticket = await this.ticket(id, body['access']);
    this.forms.check(request, body['_csrf']);
    return ticket;
  }

  /**
   * Runs the action unless the form has a problem, then back to the ticket page with what
   * happened on top: the owning level's refusal or unavailability is said there as it is.
   */
  private async act(
    response: Response,
    ticket: RequesterTicket,
    problem: string | undefined,
    action: () => Promise<string>,
  ): Promise<void> {
    if (problem !== undefined) {
      setFlash(response, { kind: 'error', text: problem });
    } else {
      try {
        setFlash(response, { kind: 'notice', text: await action() });
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        setFlash(response, { kind: 'error', text: errorText(error) });
      }
    }
    response.redirect(303, this.access.trackingLink(ticket.ticketId));
  }
}

/** The form's fields checked by the API's own DTO (same limits), or what is wrong, said simply. */
function formOf<Dto extends object>(
  dto: ClassConstructor<Dto>,
  fields: Record<string, unknown>,
  whenEmpty: string,
): { value: Dto; problem?: string } {
  const value = plainToInstance(dto, fields);
  const problems = validateSync(value);
  if (problems.length === 0) return { value };
  const empty = problems.some((problem) => problem.constraints?.['isNotEmpty'] !== undefined);
  const messages = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
  return { value, problem: empty ? whenEmpty : messages.join('; ') };
}
