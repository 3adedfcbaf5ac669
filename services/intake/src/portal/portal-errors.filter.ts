import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { errorMessage } from '@helpdesk/event-log';
import { portalMessagePage } from './pages/portal-page';

/** What a 404 says, whether the ticket does not exist or the link's token is wrong. */
export const NOT_FOUND_MESSAGE =
  'There is no ticket at this address. Check that you opened the whole link you were given.';

const TITLES: Record<number, string> = {
  400: 'Please check your request',
  403: 'The form has expired',
  404: 'Not found',
};

/**
 * Errors of the portal's pages as a person reads them: a page that says what went wrong and
 * leads back to the portal. Never JSON, never a stack trace, and a 404 never tells whether a
 * ticket exists.
 */
@Catch()
export class PortalErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(PortalErrorsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = error instanceof HttpException ? error.getStatus() : 500;
    if (status >= 500) this.logger.error(errorMessage(error));
    const message =
      status === 404
        ? NOT_FOUND_MESSAGE
        : status >= 500
          ? 'The portal could not complete this request. Please try again in a moment.'
          : errorText(error);
    response
      .status(status)
      .type('html')
      .send(portalMessagePage(TITLES[status] ?? 'Something went wrong', message).markup);
  }
}

/** The message of an error as one sentence. */
export function errorText(error: unknown): string {
  return errorMessages(error).join('; ');
}

/** The messages of an HttpException, as its JSON answer would carry them. */
export function errorMessages(error: unknown): string[] {
  if (!(error instanceof HttpException)) return [errorMessage(error)];
  const body = error.getResponse();
  const message =
    typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
  return Array.isArray(message) ? message.map(String) : [String(message)];
}
