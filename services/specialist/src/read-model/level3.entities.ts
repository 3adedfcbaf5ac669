import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Actor, Priority } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';

/**
 * What level 3 knows of a ticket: what the requester said (kept from submission, since
 * tickets come to level 3 last) and what level 2 found and qualified.
 */
@Entity({ name: 'level3_tickets' })
export class Level3Ticket {
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

  @Column('text', { nullable: true })
  priority!: Priority | null;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;

  /** Level 2's latest diagnosis and the outcome it chose, for the specialist's context. */
  @Column('text', { name: 'level2_diagnosis', nullable: true })
  level2Diagnosis!: string | null;

  @Column('text', { name: 'level2_outcome', nullable: true })
  level2Outcome!: string | null;

  /** Why level 2 escalated it, with the domain it qualified (latest escalation to level 3). */
  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason!: string | null;

  @Column('text', { name: 'qualified_domain', nullable: true })
  qualifiedDomain!: string | null;

  /** When it first came to level 3; null for tickets level 3 never had. */
  @Column('timestamptz', { name: 'first_reached_at', nullable: true })
  firstReachedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** Level 3's queues: one row per ticket while level 3 owns it and it is not closed. */
@Entity({ name: 'level3_queue' })
export class Level3QueueEntry {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @OneToOne(() => Level3Ticket, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Level3Ticket;

  /** The queue it is in: the domain level 2 qualified. */
  @Column('text')
  domain!: string;

  @Column('text')
  status!: TicketStatus;

  @Column('text', { nullable: true })
  assignee!: string | null;

  @Column('text', { name: 'arrived_by', nullable: true })
  arrivedBy!: 'escalation' | 'reopening' | null;

  @Column('text', { name: 'arrival_reason', nullable: true })
  arrivalReason!: string | null;

  @Column('timestamptz', { name: 'queued_at' })
  queuedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** A ticket's history as level 3 shows it: every event, who and when. */
@Entity({ name: 'level3_timeline' })
export class Level3TimelineEntry {
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

/**
 * A level 3 technician and the domains they specialise in. Master data of this service, not
 * projected from the log: a rebuild of the read model keeps it.
 */
@Entity({ name: 'specialists' })
export class Specialist {
  /** The technician's id, as in their session token. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { array: true })
  domains!: string[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

export const LEVEL3_ENTITIES = [Level3Ticket, Level3QueueEntry, Level3TimelineEntry, Specialist];
