import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TierQueueEntry, TierTicket, TierTimelineEntry } from '@helpdesk/tier-desk';

/**
 * What level 3 knows of a ticket: what the requester said (kept from submission, since
 * tickets come to level 3 last) and what level 2 found and qualified.
 */
@Entity({ name: 'level3_tickets' })
export class Level3Ticket extends TierTicket {
  /** Level 2's latest diagnosis and the outcome it chose, for the specialist's context. */
  @Column('text', { name: 'level2_diagnosis', nullable: true })
  level2Diagnosis!: string | null;

  @Column('text', { name: 'level2_outcome', nullable: true })
  level2Outcome!: string | null;

  /** The domain level 2 qualified (latest escalation to level 3). */
  @Column('text', { name: 'qualified_domain', nullable: true })
  qualifiedDomain!: string | null;
}

export type Level3Arrival = 'escalation' | 'reopening';

/** Level 3's queues: one row per ticket while level 3 owns it and it is not closed. */
@Entity({ name: 'level3_queue' })
export class Level3QueueEntry extends TierQueueEntry<Level3Arrival> {
  @OneToOne(() => Level3Ticket, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Level3Ticket;

  /** The queue it is in: the domain level 2 qualified. */
  @Column('text')
  domain!: string;
}

/** A ticket's history as level 3 shows it: every event, who and when. */
@Entity({ name: 'level3_timeline' })
export class Level3TimelineEntry extends TierTimelineEntry {}

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
