import { Request } from 'express';
import { randomUUID } from 'node:crypto';

const CORRELATION_ID = Symbol('correlationId');

type WithCorrelationId = Request & { [CORRELATION_ID]?: string };

/**
 * The request's correlation id: the caller's X-Correlation-Id (bounded), else a fresh one,
 * the same every time it is asked for one request. It goes into the request's log line, the
 * response's X-Correlation-Id and the events the request records, so one ticket can be
 * followed across the services.
 */
export function correlationIdOf(request: Request): string {
  const known = (request as WithCorrelationId)[CORRELATION_ID];
  if (known) return known;
  const header = request.headers['x-correlation-id'];
  const value = Array.isArray(header) ? header[0] : header;
  const id = value && /^[\w.:-]{1,200}$/.test(value) ? value : randomUUID();
  (request as WithCorrelationId)[CORRELATION_ID] = id;
  return id;
}

/** The route template the request matched (`/api/v1/tickets/:id`), once routed. */
export function routeOf(request: Request): string | undefined {
  const route = request.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : undefined;
}

/** The ticket the matched route names (`:ticketId`, or `:id` under `/tickets/`), if any. */
export function ticketIdOf(request: Request): string | undefined {
  const params = request.params as Record<string, string | undefined> | undefined;
  const id = params?.['ticketId'] ?? (routeOf(request)?.includes('/tickets/:id') && params?.['id']);
  return id && /^[\w-]{1,64}$/.test(id) ? id : undefined;
}
