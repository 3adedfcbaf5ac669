import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Request } from 'express';
import { Technician, TechnicianTokens } from '@helpdesk/event-log-nest';

/**
 * Who may log a phone call as a ticket: a level 1 technician (the front line answers the
 * hotline) or a supervisor. TechnicianGuard does not fit here: intake serves no level, so it
 * would only let supervisors in.
 */
@Injectable()
export class PhoneDeskGuard implements CanActivate {
  constructor(private readonly tokens: TechnicianTokens) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { technician?: Technician }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const technician = scheme === 'Bearer' && token ? await this.tokens.verify(token) : undefined;
    if (!technician) throw new UnauthorizedException('sign in as a technician');
    if (technician.level !== 'L1' && !technician.supervisor) {
      throw new ForbiddenException(
        `${technician.level} technicians cannot log phone calls: the front line (L1) does`,
      );
    }
    request.technician = technician;
    return true;
  }
}
