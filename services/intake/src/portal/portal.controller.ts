import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CorrelationId, setFlash } from '@helpdesk/event-log-nest';
import { ContactGuideCategory } from '../application/contact-guide-category.entity';
import { ContactGuideService } from '../application/contact-guide.service';
import { TicketIntakeService } from '../application/ticket-intake.service';
import { FieldError, NewTicketValues, emptyValues, readNewTicketForm } from './new-ticket-form';
import { guidePage } from './pages/guide.page';
import { FORM_FIELD, newTicketPage } from './pages/new-ticket.page';
import { PortalErrorsFilter, errorMessages } from './portal-errors.filter';
import { PortalFormCookie, isFormNonce, newFormNonce } from './portal-form-cookie';
import { RequesterAccess } from './requester-access';

/** Idempotency keys of the portal: each new-ticket form's own random id. */
const PORTAL_SCOPE = 'portal';

/** Where the domain's refusals point, in the form's field names. */
const FORM_FIELDS: Record<string, string> = {
  'requester.name': 'name',
  'requester.email': 'email',
  'requester.phone': 'phone',
  summary: 'summary',
  description: 'details',
};

/**
 * The self-service portal's way in: the contact guide walks an employee through a category
 * and its guiding questions to a well-described ticket, submitted exactly as the API submits
 * one (channel portal, the requester as the actor). No account: the answer is a tracking link.
 */
@ApiExcludeController()
@Controller('portal')
@UseFilters(PortalErrorsFilter)
export class PortalController {
  constructor(
    private readonly guide: ContactGuideService,
    private readonly intake: TicketIntakeService,
    private readonly forms: PortalFormCookie,
    private readonly access: RequesterAccess,
  ) {}

  @Get()
  async home(@Res() response: Response): Promise<void> {
    response.type('html').send(guidePage(await this.guide.list()).markup);
  }

  @Get('new')
  async form(
    @Query('category') categoryId: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const category = await this.category(categoryId);
    if (!category) throw new NotFoundException('this category is not in the contact guide');
    this.render(request, response, HttpStatus.OK, category, {
      values: emptyValues(category),
      errors: [],
      formId: newFormNonce(),
    });
  }

  @Post('tickets')
  async submit(
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const category = await this.category(body['category']);
    if (!category) {
      this.forms.check(request, body['_csrf']);
      throw new BadRequestException(
        'This category is no longer in the contact guide: please choose another one.',
      );
    }
    const formId = isFormNonce(body['nonce']) ? body['nonce'] : undefined;
    const reading = readNewTicketForm(body, category);
    const again = (status: number, errors: FieldError[], freshForm = false) =>
      this.render(request, response, status, category, {
        values: reading.values,
        errors,
        formId: freshForm || !formId ? newFormNonce() : formId,
      });

    if (!this.forms.accepts(request, body['_csrf'])) {
      return again(HttpStatus.FORBIDDEN, [
        {
          field: FORM_FIELD,
          message:
            'The form had expired or did not come from this site. Check your request and submit it again.',
        },
      ]);
    }
    if (!reading.ok) return again(HttpStatus.BAD_REQUEST, reading.errors);

    let ticketId: string;
    try {
      const outcome = await this.intake.submit(
        reading.request,
        { actor: { kind: 'requester', id: reading.request.requester.email }, correlationId },
        { scope: PORTAL_SCOPE, key: formId },
      );
      ticketId = outcome.response.id;
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      if (error instanceof UnprocessableEntityException) {
        // This form already made a ticket, with other words: submitting again makes a new one.
        return again(
          HttpStatus.CONFLICT,
          [
            {
              field: FORM_FIELD,
              message:
                'This form was already sent with different content. Check your request and submit it again to open a new ticket.',
            },
          ],
          true,
        );
      }
      return again(error.getStatus(), refusalErrors(error));
    }
    setFlash(response, {
      kind: 'notice',
      text: 'Ticket received. Keep the address of this page: it is the way back to your ticket.',
    });
    response.redirect(303, this.access.trackingLink(ticketId));
  }

  private async category(id: unknown): Promise<ContactGuideCategory | undefined> {
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,49}$/.test(id)) return undefined;
    return (await this.guide.list()).find((category) => category.id === id);
  }

  private render(
    request: Request,
    response: Response,
    status: number,
    category: ContactGuideCategory,
    form: { values: NewTicketValues; errors: FieldError[]; formId: string },
  ): void {
    const csrfToken = this.forms.tokenFor(request, response);
    response
      .status(status)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(newTicketPage({ category, csrfToken, ...form }).markup);
  }
}

/** The domain's refusal ("summary must be…"), on the form's field when it names one. */
function refusalErrors(error: HttpException): FieldError[] {
  return errorMessages(error).map((message) => {
    const named = Object.keys(FORM_FIELDS).find((path) => message.startsWith(`${path} `));
    return { field: named ? (FORM_FIELDS[named] ?? FORM_FIELD) : FORM_FIELD, message };
  });
}
