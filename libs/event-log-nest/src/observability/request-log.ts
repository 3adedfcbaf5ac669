import { RequestHandler, Request, Response } from 'express';
import { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { correlationIdOf, routeOf, ticketIdOf } from './request-context';

/** Probes and scrapes come every few seconds and say nothing about what users do. */
const NOT_LOGGED = /^\/(health|metrics)(\/|$)/;

/**
 * A line per request once its response is sent: method, path (without the query), route
 * template, status, time in ms, the correlation id (the caller's X-Correlation-Id or a fresh
 * one, sent back in the response's X-Correlation-Id) and the ticket id when the route names one.
 * No headers, cookies or bodies. 5xx answers are logged at error level.
 */
export function requestLog(logger: Pino): RequestHandler {
  const fields = (request: Request, response: Response, responseTime: number) => ({
    method: request.method,
    path: request.originalUrl.split('?')[0],
    route: routeOf(request),
    statusCode: response.statusCode,
    responseTime,
    ticketId: ticketIdOf(request),
  });
  const message = (request: Request, response: Response) =>
    `${request.method} ${request.originalUrl.split('?')[0]} ${response.statusCode}`;
  return pinoHttp<Request, Response>({
    logger: logger.child({ context: 'http' }),
    genReqId: (request, response) => {
      const id = correlationIdOf(request);
      response.setHeader('X-Correlation-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: (request) => NOT_LOGGED.test(request.path) },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: message,
    customErrorMessage: message,
    customSuccessObject: (request, response, { responseTime }: { responseTime: number }) =>
      fields(request, response, responseTime),
    customErrorObject: (request, response, _error, { responseTime }: { responseTime: number }) =>
      fields(request, response, responseTime),
  }) as RequestHandler;
}
