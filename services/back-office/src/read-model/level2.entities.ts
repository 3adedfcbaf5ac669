import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Actor, Priority } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { DiagnosisOutcome, RmaStep } from '../domain/level2-case';

/**
 * Every ticket level 2 may come to see: what intake and level 1 said about it (kept from the
 * start, since tickets reach level 2 later) and what level 2 did on it (kept across round
 * trips to level 1 or 3).
 */
@Entity({ name: 'level2_tickets' })
export class Level2Ticket {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @Column('text')
  summary!: string;

  @Column('text')
  description!: string;

  @Column('text')
  category!: string;

  @Column('text')
  channel!: string;

  @Column('text', { name: 'requester_name' })
  requesterName!: string;

  @Column('text', { name: 'requester_email' })
  requesterEmail!: string;

  @Column('text', { nullable: true })
  priority!: Priority | null;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;

  /** When the ticket first came to level 2; null for tickets level 2 never had. */
  @Column('timestamptz', { name: 'first_reached_at', nullable: true })
  firstReachedAt!: Date | null;

  /** Why level 1 escalated it (the latest escalation to level 2). */
  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason!: string | null;

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

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

export type Level2Arrival = 'escalation' | 'return' | 'reopening';

/** The level 2 queue: one row per ticket while level 2 owns it and it is not closed. */
@Entity({ name: 'level2_queue' })
export class Level2QueueEntry {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @OneToOne(() => Level2Ticket, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Level2Ticket;

  @Column('text')
  status!: TicketStatus;

  @Column('text', { nullable: true })
  assignee!: string | null;

  /** How it came: escalated by level 1, returned by level 3, reopened by the requester. */
  @Column('text', { name: 'arrived_by', nullable: true })
  arrivedBy!: Level2Arrival | null;

  @Column('text', { name: 'arrival_reason', nullable: true })
  arrivalReason!: string | null;

  @Column('timestamptz', { name: 'queued_at' })
  queuedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** Every event of a ticket: what happened, who did it, when. */
@Entity({ name: 'level2_timeline' })
export class Level2TimelineEntry {
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

export const LEVEL2_ENTITIES = [Level2Ticket, Level2QueueEntry, Level2TimelineEntry];
