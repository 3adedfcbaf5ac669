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
import { CsrfTokens } from './csrf-tokens';
import { SessionCookie } from './session-cookie';
import { Technician } from './technician';
import { TechnicianTokens } from './technician-tokens';

export type WithTechnician = Request & { technician?: Technician; sessionToken?: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Invariant 7 at a tier's door: a valid technician token (401 otherwise), of this tier or a
 * supervisor (403 otherwise). The token comes as a Bearer header (API clients) or in the
 * session cookie (the dashboards); with the cookie, a state-changing request must also carry
 * the session's CSRF token, in the `_csrf` form field or the X-CSRF-Token header.
 */
@Injectable()
export class TechnicianGuard implements CanActivate {
  constructor(
    private readonly tokens: TechnicianTokens,
    private readonly service: ServiceIdentity,
    private readonly cookie: SessionCookie,
    private readonly csrf: CsrfTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WithTechnician>();
    const [scheme, bearer] = (request.headers.authorization ?? '').split(' ');
    const fromHeader = scheme === 'Bearer' && bearer ? bearer : undefined;
    const token = fromHeader ?? this.cookie.read(request);
    const technician = token ? await this.tokens.verify(token) : undefined;
    if (!token || !technician) throw new UnauthorizedException('sign in as a technician');
    if (!fromHeader && !SAFE_METHODS.has(request.method)) this.checkCsrf(request, token);
    if (!technician.supervisor && technician.level !== this.service.level) {
      throw new ForbiddenException(
        `${technician.level} technicians cannot act at ${this.service.level ?? this.service.name}`,
      );
    }
    request.technician = technician;
    request.sessionToken = token;
    return true;
  }

  private checkCsrf(request: Request, sessionToken: string): void {
    const body = request.body as Record<string, unknown> | undefined;
    const candidate = request.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
    // The field is the guard's, not the command's: the validation that follows never sees it.
    if (body && CSRF_FIELD in body) delete body[CSRF_FIELD];
    if (!this.csrf.matches(sessionToken, candidate)) {
      throw new ForbiddenException(
        'the form has expired or did not come from this site; reload it',
      );
    }
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
