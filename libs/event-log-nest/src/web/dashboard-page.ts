import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UseFilters,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { CsrfTokens } from '../auth/csrf-tokens';
import { TechnicianGuard } from '../auth/technician.guard';
import { ServiceIdentity } from '../commands/service-identity';
import { ServiceSettings } from '../service.settings';
import { DashboardErrorsFilter } from './dashboard-errors.filter';
import { WithViewer, viewerOf } from './viewer';

/** The TechnicianGuard, then the page's viewer (name, CSRF token, flash) on the request. */
@Injectable()
export class DashboardGuard implements CanActivate {
  constructor(
    private readonly technicians: TechnicianGuard,
    private readonly settings: ServiceSettings,
    private readonly csrf: CsrfTokens,
    private readonly service: ServiceIdentity,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.technicians.canActivate(context);
    const http = context.switchToHttp();
    const request = http.getRequest<WithViewer>();
    request.viewer = viewerOf(
      request,
      http.getResponse<Response>(),
      this.settings,
      this.csrf,
      this.service.level,
    );
    return true;
  }
}

/**
 * A controller of HTML pages for technicians: signed in (else off to the sign-in page), of this
 * tier or a supervisor (else a 403 page), forms checked for CSRF, refusals shown as messages.
 */
export function DashboardPage(): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    UseGuards(DashboardGuard),
    UseFilters(DashboardErrorsFilter),
  );
}
