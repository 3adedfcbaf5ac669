import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IntakeSettings } from '../intake.settings';

/**
 * The admin endpoints (integrator keys, contact guide, inbound email gateway) take
 * `Authorization: Bearer <ADMIN_API_TOKEN>`. Both sides are hashed to the same length before a
 * constant-time comparison, so neither the content nor the length of the token leaks through
 * timing. Without ADMIN_API_TOKEN, every call is refused.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(settings: IntakeSettings) {
    this.expected = settings.ADMIN_API_TOKEN ? digest(settings.ADMIN_API_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const authorization = context.switchToHttp().getRequest<Request>().headers.authorization;
    const [scheme, token] = (authorization ?? '').split(' ');
    const given = digest(scheme === 'Bearer' && token ? token : '');
    if (!this.expected || !timingSafeEqual(given, this.expected)) {
      throw new UnauthorizedException('a valid admin token is required');
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
