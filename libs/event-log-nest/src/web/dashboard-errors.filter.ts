import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { SequenceConflictError, errorMessage } from '@helpdesk/event-log';
import { NotTicketOwnerError, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { messagePage } from '@helpdesk/web-ui';
import { ServiceSettings } from '../service.settings';
import { setFlash } from './flash';

/**
 * Errors on a dashboard, the way a person can read them: not signed in → the sign-in page
 * (and back here after); a refused action → back to the page with the reason on top; a
 * forbidden or missing page → a page that says so.
 */
@Catch()
@Injectable()
export class DashboardErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(DashboardErrorsFilter.name);

  constructor(private readonly settings: ServiceSettings) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const status = statusOf(error);
    const message = messageOf(error);

    if (status === 401) {
      const here = `${request.protocol}://${request.get('host') ?? ''}${request.originalUrl}`;
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(here)}` : '';
      response.redirect(303, `${this.settings.SIGN_IN_URL}${next}`);
      return;
    }
    if (request.method === 'POST' && status < 500 && status !== 403) {
      setFlash(response, { kind: 'error', text: message });
      response.redirect(303, backTo(request));
      return;
    }
    if (status >= 500) this.logger.error(errorMessage(error));
    response
      .status(status)
      .type('html')
      .send(
        messagePage({
          title: TITLES[status] ?? 'Something went wrong',
          message: status >= 500 ? 'The service could not complete this request.' : message,
          link: { label: 'Back to the dashboard', href: '/dashboard' },
        }).markup,
      );
  }
}

const TITLES: Record<number, string> = {
  403: 'Not allowed',
  404: 'Not found',
};

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  if (
    error instanceof NotTicketOwnerError ||
    error instanceof TicketStateError ||
    error instanceof SequenceConflictError
  ) {
    return HttpStatus.CONFLICT;
  }
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message =
      typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return errorMessage(error);
}

/** The page the form was on (same origin only), else the page the form's action belongs to. */
function backTo(request: Request): string {
  const referer = request.get('referer');
  if (referer) {
    const url = new URL(referer);
    if (url.host === request.get('host')) return url.pathname + url.search;
  }
  return request.path.replace(/\/[^/]+$/, '') || '/dashboard';
}
