import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Request } from 'express';
import { ServiceIdentity } from '../commands/service-identity';
import { Technician } from './technician';
import { TechnicianTokens } from './technician-tokens';

type WithTechnician = Request & { technician?: Technician };

/**
 * Invariant 7 at a tier's door: a valid technician token (401 otherwise), of this tier or a
 * supervisor (403 otherwise).
 */
@Injectable()
export class TechnicianGuard implements CanActivate {
  constructor(
    private readonly tokens: TechnicianTokens,
    private readonly service: ServiceIdentity,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WithTechnician>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const technician = scheme === 'Bearer' && token ? await this.tokens.verify(token) : undefined;
    if (!technician) throw new UnauthorizedException('sign in as a technician');
    if (!technician.supervisor && technician.level !== this.service.level) {
      throw new ForbiddenException(
        `${technician.level} technicians cannot act at ${this.service.level ?? this.service.name}`,
      );
    }
    request.technician = technician;
    return true;
  }
}

/** The technician the TechnicianGuard let in. */
export const CurrentTechnician = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Technician => {
    const technician = context.switchToHttp().getRequest<WithTechnician>().technician;
    if (!technician) throw new UnauthorizedException('sign in as a technician');
    return technician;
  },
);
