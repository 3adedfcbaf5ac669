import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PublicTimelineRow } from './public-timeline-row.entity';
import { RequesterTicket } from './requester-ticket.entity';

/** Reads of intake's read model. */
@Injectable()
export class RequesterTicketsQueries {
  constructor(
    @InjectRepository(RequesterTicket) private readonly tickets: Repository<RequesterTicket>,
    @InjectRepository(PublicTimelineRow) private readonly timeline: Repository<PublicTimelineRow>,
  ) {}

  /**
   * A ticket the integrator opened. Another integrator's ticket is as unknown as a ticket
   * that does not exist (404, never 403): its existence is not theirs to learn.
   */
  async ownTicket(ticketId: string, integratorKeyId: string): Promise<RequesterTicket> {
    const ticket = await this.tickets.findOneBy({ ticketId, integratorKeyId });
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} not found`);
    return ticket;
  }

  async find(ticketId: string): Promise<RequesterTicket | null> {
    return this.tickets.findOneBy({ ticketId });
  }

  publicTimeline(ticketId: string): Promise<PublicTimelineRow[]> {
    return this.timeline.find({ where: { ticketId }, order: { sequence: 'ASC' } });
  }
}
