import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';

/** The caller's X-Correlation-Id (bounded), or a fresh one: it follows a ticket across services. */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const header = context.switchToHttp().getRequest<Request>().headers['x-correlation-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,200}$/.test(value) ? value : randomUUID();
});
