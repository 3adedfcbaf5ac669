import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Injectable,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { contentType } from 'prom-client';
import { ObservabilitySettings } from './observability.settings';
import { ServiceMetrics } from './service-metrics';

/** With METRICS_TOKEN set, a scrape carries it as a bearer token; unset, /metrics is open. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(settings: ObservabilitySettings) {
    if (settings.METRICS_TOKEN) this.expected = Buffer.from(`Bearer ${settings.METRICS_TOKEN}`);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const given = Buffer.from(
      context.switchToHttp().getRequest<Request>().headers.authorization ?? '',
    );
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new UnauthorizedException('a valid metrics token is required');
    }
    return true;
  }
}

/** Prometheus's scrape target: the text exposition of ServiceMetrics. */
@ApiExcludeController()
@Controller('metrics')
@UseGuards(MetricsTokenGuard)
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Content-Type', contentType)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
