import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { SequenceConflictError } from '@helpdesk/event-log';
import { NotTicketOwnerError, TicketStateError } from '@helpdesk/ticket-lifecycle';

type DomainError = NotTicketOwnerError | TicketStateError | SequenceConflictError;

/** Domain refusals become 409s that say why (and, for ownership, who owns the ticket). */
@Catch(NotTicketOwnerError, TicketStateError, SequenceConflictError)
export class TicketErrorsFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.status(HttpStatus.CONFLICT).json({
      statusCode: HttpStatus.CONFLICT,
      error: 'Conflict',
      message: error.message,
      ...(error instanceof NotTicketOwnerError && { owner: error.owner }),
      ...(error instanceof SequenceConflictError && { retry: true }),
    });
  }
}
