import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Level2Case, UNTOUCHED_CASE } from '../domain/level2-case';
import { Level2Ticket } from './level2.entities';

/** Reads what level 2 did on a ticket, inside a command's transaction (the ticket is locked). */
@Injectable()
export class Level2CaseFiles {
  async load(manager: EntityManager, ticketId: string): Promise<Level2Case> {
    const ticket = await manager.findOneBy(Level2Ticket, { ticketId });
    if (!ticket) return UNTOUCHED_CASE;
    return {
      outcome: ticket.outcome,
      hardwareReturn:
        ticket.rmaNumber && ticket.rmaStep
          ? { rmaNumber: ticket.rmaNumber, step: ticket.rmaStep }
          : null,
      openRemoteSession: ticket.remoteSessionState === 'open' ? ticket.remoteSessionId : null,
    };
  }
}
