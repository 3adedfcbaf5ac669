import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { ServiceMetrics } from './service-metrics';
import { routeOf } from './request-context';

/**
 * Times every request until its response is sent or the client goes, labelled by the route
 * template (never the raw URL, whose ids would make a series per ticket). Requests no route
 * matched count as `unmatched`. Server-sent event streams are left out: they last as long as
 * a dashboard stays open.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServiceMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpRequestDuration.startTimer();
    response.once('close', () => {
      if (String(response.getHeader('content-type')).startsWith('text/event-stream')) return;
      stop({
        method: request.method,
        route: routeOf(request) ?? 'unmatched',
        status_code: String(response.statusCode),
      });
    });
    next();
  }
}
