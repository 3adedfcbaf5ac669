import { ApiProperty } from '@nestjs/swagger';
import { Priority, SupportLevel } from '@helpdesk/ticket-events';

const LEVELS = ['L1', 'L2', 'L3'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** The age buckets of the backlog, by time since submission. */
export const AGE_BUCKETS = ['under1d', 'from1dTo3d', 'from3dTo7d', 'over7d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** The definitions, as docs/reports.md gives them; the API's documentation says the same. */
export const DEFINITIONS = {
  backlog:
    'Open tickets now, per owning tier: submitted and neither resolved nor closed (a ticket ' +
    'waiting for the requester is open). Ages are counted from submission. Resolved tickets ' +
    'waiting for the requester to confirm are counted apart (awaiting confirmation).',
  firstContactResolution:
    'Of the tickets resolved in the period, the share whose resolution (their last one in the ' +
    'period) was at L1 and which had never been escalated before it.',
  escalationL1ToL2:
    'Of the tickets submitted in the period (all of them start at L1), the share escalated ' +
    'from L1 to L2 at least once.',
  escalationL2ToL3:
    'Of the tickets submitted in the period that reached L2, the share escalated from L2 to ' +
    'L3 at least once.',
  mttr:
    'Time to resolve, for the tickets resolved in the period: from submission to their last ' +
    'resolution in the period; mean and median, per priority (the current one) and overall.',
  mttrPerTier:
    'For the same resolutions, grouped by the tier that resolved: from the ticket’s arrival at ' +
    'that tier (submitted, escalated, returned or reopened there) to the resolution.',
  sla:
    'Of the tickets submitted in the period that reached a tier, the share without an ' +
    'SlaBreached event of that tier and target (first-response, resolution). A ticket with no ' +
    'breach counts as compliant. Overall: without a breach of the target at any tier.',
} as const;

export class PeriodView {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (included)' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the period (excluded)' })
  to!: string;
}

export class AgeBucketsView {
  @ApiProperty({ description: 'Submitted less than a day ago' })
  under1d!: number;

  @ApiProperty({ description: 'One to three days ago' })
  from1dTo3d!: number;

  @ApiProperty({ description: 'Three to seven days ago' })
  from3dTo7d!: number;

  @ApiProperty({ description: 'More than seven days ago' })
  over7d!: number;
}

export class OldestTicketView {
  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ description: 'Seconds since its submission' })
  ageSeconds!: number;
}

export class TierBacklogView {
  @ApiProperty({ enum: LEVELS })
  level!: SupportLevel;

  @ApiProperty({ description: 'Open tickets this tier owns' })
  open!: number;

  @ApiProperty({ type: AgeBucketsView })
  ages!: AgeBucketsView;

  @ApiProperty({ type: OldestTicketView, nullable: true, description: 'Its oldest open ticket' })
  oldest!: OldestTicketView | null;

  @ApiProperty({ description: 'Resolved, not yet confirmed or closed' })
  awaitingConfirmation!: number;
}

export class BacklogView {
  @ApiProperty({ format: 'date-time', description: 'When the backlog was counted' })
  at!: string;

  @ApiProperty()
  open!: number;

  @ApiProperty({ type: AgeBucketsView })
  ages!: AgeBucketsView;

  @ApiProperty()
  awaitingConfirmation!: number;

  @ApiProperty({ type: [TierBacklogView], description: 'L1, L2, L3' })
  tiers!: TierBacklogView[];
}

export class ShareView {
  @ApiProperty({ description: 'How many tickets the share is of' })
  of!: number;

  @ApiProperty({ description: 'How many of them count' })
  count!: number;

  @ApiProperty({ nullable: true, description: 'count / of, from 0 to 1; null when of is 0' })
  rate!: number | null;
}

export class EscalationView {
  @ApiProperty({ type: ShareView, description: DEFINITIONS.escalationL1ToL2 })
  l1ToL2!: ShareView;

  @ApiProperty({ type: ShareView, description: DEFINITIONS.escalationL2ToL3 })
  l2ToL3!: ShareView;
}

export class DurationsView {
  @ApiProperty({ description: 'Resolutions measured' })
  resolved!: number;

  @ApiProperty({ nullable: true, description: 'Mean, in seconds; null when none' })
  meanSeconds!: number | null;

  @ApiProperty({ nullable: true, description: 'Median, in seconds; null when none' })
  medianSeconds!: number | null;
}

export class PriorityDurationsView extends DurationsView {
  @ApiProperty({ enum: PRIORITIES })
  priority!: Priority;
}

export class TierDurationsView extends DurationsView {
  @ApiProperty({ enum: LEVELS })
  level!: SupportLevel;
}

export class MttrView {
  @ApiProperty({ type: DurationsView, description: DEFINITIONS.mttr })
  overall!: DurationsView;

  @ApiProperty({
    type: [PriorityDurationsView],
    description: 'P1 to P4 (tickets without a priority count in overall only)',
  })
  byPriority!: PriorityDurationsView[];

  @ApiProperty({ type: [TierDurationsView], description: DEFINITIONS.mttrPerTier })
  byTier!: TierDurationsView[];
}

export class SlaTargetView {
  @ApiProperty({ description: 'Tickets the target applied to' })
  tickets!: number;

  @ApiProperty({ description: 'Tickets with an SlaBreached event for it' })
  breached!: number;

  @ApiProperty({ nullable: true, description: 'Share without a breach; null when no ticket' })
  compliance!: number | null;

  @ApiProperty({ description: 'Tickets with an SlaWarning event for it' })
  warned!: number;
}

export class TierSlaView {
  @ApiProperty({ enum: LEVELS })
  level!: SupportLevel;

  @ApiProperty({ type: SlaTargetView })
  firstResponse!: SlaTargetView;

  @ApiProperty({ type: SlaTargetView })
  resolution!: SlaTargetView;
}

export class PolicyBreachesView {
  @ApiProperty({ description: 'The SLA policy named by the breach events' })
  policy!: string;

  @ApiProperty()
  breaches!: number;
}

export class SlaView {
  @ApiProperty({ type: SlaTargetView, description: 'Every tier together' })
  firstResponse!: SlaTargetView;

  @ApiProperty({ type: SlaTargetView, description: 'Every tier together' })
  resolution!: SlaTargetView;

  @ApiProperty({ type: [TierSlaView], description: 'L1, L2, L3' })
  tiers!: TierSlaView[];

  @ApiProperty({ type: [PolicyBreachesView], description: 'Most breaches first' })
  breachesByPolicy!: PolicyBreachesView[];
}

export class ReportView {
  @ApiProperty({ type: PeriodView })
  period!: PeriodView;

  @ApiProperty({ type: BacklogView, description: DEFINITIONS.backlog })
  backlog!: BacklogView;

  @ApiProperty({ type: ShareView, description: DEFINITIONS.firstContactResolution })
  firstContactResolution!: ShareView;

  @ApiProperty({ type: EscalationView })
  escalation!: EscalationView;

  @ApiProperty({ type: MttrView })
  mttr!: MttrView;

  @ApiProperty({ type: SlaView, description: DEFINITIONS.sla })
  sla!: SlaView;
}
