import { Column, PrimaryColumn } from 'typeorm';
import { Actor, Priority } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';

/**
 * The columns every tier keeps of a ticket: what the requester said at submission, its
 * priority, when it first reached the tier and why it was escalated there. A service's entity
 * extends it with its own facts and names its table (`@Entity({ name })`).
 */
export abstract class TierTicket {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @Column('text')
  summary!: string;

  @Column('text')
  description!: string;

  @Column('text')
  category!: string;

  @Column('text', { name: 'requester_name' })
  requesterName!: string;

  @Column('text', { name: 'requester_email' })
  requesterEmail!: string;

  /** A number to call the requester back on, when they left one (TicketSubmitted v2). */
  @Column('text', { name: 'requester_phone', nullable: true })
  requesterPhone!: string | null;

  @Column('text', { nullable: true })
  priority!: Priority | null;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;

  /** When the ticket first came to the tier; null for tickets the tier never had. */
  @Column('timestamptz', { name: 'first_reached_at', nullable: true })
  firstReachedAt!: Date | null;

  /** Why the level below escalated it (the latest escalation to the tier). */
  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason!: string | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** A tier's queue row: one per ticket while the tier owns it and it is not closed. */
export abstract class TierQueueEntry<Arrival extends string = string> {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @Column('text')
  status!: TicketStatus;

  @Column('text', { nullable: true })
  assignee!: string | null;

  /** How it came to the tier (escalation, return, reopening…). */
  @Column('text', { name: 'arrived_by', nullable: true })
  arrivedBy!: Arrival | null;

  @Column('text', { name: 'arrival_reason', nullable: true })
  arrivalReason!: string | null;

  @Column('timestamptz', { name: 'queued_at' })
  queuedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** Every event of a ticket: what happened, who did it, when. */
export abstract class TierTimelineEntry {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @PrimaryColumn('integer')
  sequence!: number;

  @Column('text')
  type!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('jsonb')
  actor!: Actor;

  @Column('text')
  producer!: string;

  @Column('jsonb')
  data!: object;
}
