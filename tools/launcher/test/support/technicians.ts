import { JwtService } from '@nestjs/jwt';
import { TechnicianTokens } from '@helpdesk/event-log-nest';
import { SupportLevel } from '@helpdesk/ticket-events';
import { RunningProduct } from '../../src/running-product';

/** A technician's session token for the running product (its AUTH_SECRET), as sign-in issues it. */
export function technicianToken(
  product: RunningProduct,
  technician: { id: string; level: SupportLevel; supervisor?: boolean },
): Promise<string> {
  return new TechnicianTokens(
    new JwtService({ secret: product.secrets.AUTH_SECRET, signOptions: { algorithm: 'HS256' } }),
  ).issue({
    id: technician.id,
    name: technician.id,
    level: technician.level,
    supervisor: technician.supervisor ?? false,
  });
}
