import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { NotQualifiedError } from '../domain/level3-decisions';

/** A technician without the skill for the ticket's domain is forbidden to take it. */
@Catch(NotQualifiedError)
export class NotQualifiedFilter implements ExceptionFilter<NotQualifiedError> {
  catch(error: NotQualifiedError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(HttpStatus.FORBIDDEN).json({
      statusCode: HttpStatus.FORBIDDEN,
      error: 'Forbidden',
      message: error.message,
    });
  }
}
