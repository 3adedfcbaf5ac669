import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Request } from 'express';
import { correlationIdOf } from '../observability/request-context';

/**
 * The caller's X-Correlation-Id (bounded), or a fresh one, the same for the whole request (and
 * its log line): it follows a ticket across services.
 */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  correlationIdOf(context.switchToHttp().getRequest<Request>()),
);
