import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import { TierQueueEntry, TierTicket, TierTimelineEntry } from '@helpdesk/tier-desk';
import { DiagnosisOutcome, RmaStep } from '../domain/level2-case';

/**
 * Every ticket level 2 may come to see: what intake and level 1 said about it (kept from the
 * start, since tickets reach level 2 later) and what level 2 did on it (kept across round
 * trips to level 1 or 3).
 */
@Entity({ name: 'level2_tickets' })
export class Level2Ticket extends TierTicket {
  @Column('text')
  channel!: string;

  @Column('text', { nullable: true })
  diagnosis!: string | null;

  @Column('text', { nullable: true })
  outcome!: DiagnosisOutcome | null;

  @Column('timestamptz', { name: 'diagnosed_at', nullable: true })
  diagnosedAt!: Date | null;

  @Column('text', { name: 'rma_number', nullable: true })
  rmaNumber!: string | null;

  @Column('text', { name: 'rma_step', nullable: true })
  rmaStep!: RmaStep | null;

  @Column('timestamptz', { name: 'rma_updated_at', nullable: true })
  rmaUpdatedAt!: Date | null;

  @Column('text', { name: 'remote_session_id', nullable: true })
  remoteSessionId!: string | null;

  @Column('text', { name: 'remote_session_link', nullable: true })
  remoteSessionLink!: string | null;

  @Column('text', { name: 'remote_session_state', nullable: true })
  remoteSessionState!: 'open' | 'ended' | null;

  @Column('timestamptz', { name: 'remote_session_started_at', nullable: true })
  remoteSessionStartedAt!: Date | null;

  @Column('timestamptz', { name: 'remote_session_ended_at', nullable: true })
  remoteSessionEndedAt!: Date | null;
}

/** How it came: escalated by level 1, returned by level 3, reopened by the requester. */
export type Level2Arrival = 'escalation' | 'return' | 'reopening';

/** The level 2 queue: one row per ticket while level 2 owns it and it is not closed. */
@Entity({ name: 'level2_queue' })
export class Level2QueueEntry extends TierQueueEntry<Level2Arrival> {
  @OneToOne(() => Level2Ticket, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Level2Ticket;
}

/** Every event of a ticket: what happened, who did it, when. */
@Entity({ name: 'level2_timeline' })
export class Level2TimelineEntry extends TierTimelineEntry {}

export const LEVEL2_ENTITIES = [Level2Ticket, Level2QueueEntry, Level2TimelineEntry];
