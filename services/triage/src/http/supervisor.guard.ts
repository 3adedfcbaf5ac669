import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Technician } from '@helpdesk/event-log-nest';

/** After the TechnicianGuard: only a supervisor passes. */
@Injectable()
export class SupervisorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { technician } = context.switchToHttp().getRequest<{ technician?: Technician }>();
    if (!technician?.supervisor) throw new ForbiddenException('only a supervisor may do this');
    return true;
  }
}
