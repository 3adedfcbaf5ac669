import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Request } from 'express';
import { Integrator, IntegratorKeysService } from './integrator-keys.service';

type WithIntegrator = Request & { integrator?: Integrator };

/** One message for a missing, unknown or revoked key: the caller learns nothing more. */
const REFUSAL = 'a valid API key is required in X-Api-Key';

/** Invariant 7 at intake's door: integrators act with a key of their own that is not revoked. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: IntegratorKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WithIntegrator>();
    const header = request.headers['x-api-key'];
    const integrator =
      typeof header === 'string' ? await this.keys.authenticate(header) : undefined;
    if (!integrator) throw new UnauthorizedException(REFUSAL);
    request.integrator = integrator;
    return true;
  }
}

/** The integrator the ApiKeyGuard let in. */
export const CurrentIntegrator = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Integrator => {
    const integrator = context.switchToHttp().getRequest<WithIntegrator>().integrator;
    if (!integrator) throw new UnauthorizedException(REFUSAL);
    return integrator;
  },
);
