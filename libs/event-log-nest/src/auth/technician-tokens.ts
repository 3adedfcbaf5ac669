import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { SupportLevelSchema } from '@helpdesk/ticket-events';
import { Technician } from './technician';

const ISSUER = 'helpdesk';

/**
 * Session tokens of technicians: HS256 JWTs signed with AUTH_SECRET, which every tier service
 * shares, so one sign-in is valid across them.
 */
@Injectable()
export class TechnicianTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(technician: Technician, expiresInSeconds = 8 * 3600): Promise<string> {
    return this.jwt.signAsync(
      { name: technician.name, level: technician.level, supervisor: technician.supervisor },
      { subject: technician.id, issuer: ISSUER, expiresIn: expiresInSeconds },
    );
  }

  /** The technician of a valid token, or undefined for anything else. */
  async verify(token: string): Promise<Technician | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      const level = SupportLevelSchema.safeParse(claims['level']);
      if (typeof claims['sub'] !== 'string' || !level.success) return undefined;
      return {
        id: claims['sub'],
        name: typeof claims['name'] === 'string' ? claims['name'] : claims['sub'],
        level: level.data,
        supervisor: claims['supervisor'] === true,
      };
    } catch {
      return undefined;
    }
  }
}
