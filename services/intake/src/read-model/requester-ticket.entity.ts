import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel, Priority, SupportLevel } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';

/** A ticket as its requester (and the integrator that opened it) sees it. Fed by the log. */
@Entity('requester_tickets')
export class RequesterTicket {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  /** The integrator key that opened it (the TicketSubmitted actor); null for email and phone. */
  @Column('uuid', { name: 'integrator_key_id', nullable: true })
  integratorKeyId!: string | null;

  @Column('text')
  channel!: Channel;

  @Column('text', { name: 'requester_name' })
  requesterName!: string;

  @Column('text', { name: 'requester_email' })
  requesterEmail!: string;

  @Column('text')
  summary!: string;

  @Column('text')
  category!: string;

  @Column('text')
  status!: TicketStatus;

  /** The level that owns the ticket now. */
  @Column('text')
  level!: SupportLevel;

  @Column('text', { nullable: true })
  priority!: Priority | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
