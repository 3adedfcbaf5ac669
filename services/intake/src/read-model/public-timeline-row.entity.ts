import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One public step of a ticket (see domain/public-timeline.ts for what is public). */
@Entity('public_timeline')
export class PublicTimelineRow {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId!: string;

  @PrimaryColumn('integer')
  sequence!: number;

  @Column('text')
  type!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text', { name: 'public_text' })
  publicText!: string;

  @Column('jsonb')
  details!: Record<string, string>;
}
