import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ServiceSettings } from '../service.settings';

/** Service-to-service calls (intake forwarding a requester's action) carry the shared token. */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(settings: ServiceSettings) {
    this.expected = Buffer.from(`Bearer ${settings.INTERNAL_API_TOKEN}`);
  }

  canActivate(context: ExecutionContext): boolean {
    const given = Buffer.from(
      context.switchToHttp().getRequest<Request>().headers.authorization ?? '',
    );
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new UnauthorizedException('a valid internal token is required');
    }
    return true;
  }
}
