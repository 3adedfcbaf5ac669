import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PrioritySchema, SUPPORT_LEVELS } from '@helpdesk/ticket-events';
import { ReportTables } from './report-tables';
import {
  AgeBucketsView,
  BacklogView,
  DurationsView,
  MttrView,
  ReportView,
  ShareView,
  SlaTargetView,
  SlaView,
} from './report.views';

export interface ReportPeriod {
  from: Date;
  to: Date;
}

interface BacklogRow {
  level: string;
  open: number;
  under_1d: number;
  from_1d_to_3d: number;
  from_3d_to_7d: number;
  over_7d: number;
  awaiting: number;
  oldest_id: string | null;
  oldest_at: Date | null;
}

interface ResolutionRow {
  dimension: 'overall' | 'priority' | 'tier';
  key: string | null;
  resolved: number;
  first_contact: number;
  mean: number | null;
  median: number | null;
}

interface SlaRow {
  level: string | null;
  tickets: number;
  fr_breached: number;
  fr_warned: number;
  res_breached: number;
  res_warned: number;
}

/** The figures of the reports, computed from their read model in one consistent snapshot. */
@Injectable()
export class ReportsQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: ReportTables,
  ) {}

  report(period: ReportPeriod, now: Date): Promise<ReportView> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const backlog = await this.backlog(manager, now);
      const resolutions = await this.resolutions(manager, period);
      const escalation = await this.escalation(manager, period);
      const sla = await this.sla(manager, period);
      return {
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        backlog,
        firstContactResolution: resolutions.firstContact,
        escalation,
        mttr: resolutions.mttr,
        sla,
      };
    });
  }

  private async backlog(manager: EntityManager, now: Date): Promise<BacklogView> {
    const rows: BacklogRow[] = await manager.query(
      `WITH standing AS (
         SELECT ticket_id, owner, submitted_at, $1::timestamptz - submitted_at AS age,
                resolved_at IS NULL AS open
         FROM ${this.tables.tickets} WHERE closed_at IS NULL),
       oldest AS (
         SELECT DISTINCT ON (owner) owner, ticket_id, submitted_at FROM standing
         WHERE open ORDER BY owner, submitted_at, ticket_id)
       SELECT s.owner AS level,
              count(*) FILTER (WHERE open)::int AS open,
              count(*) FILTER (WHERE open AND age < interval '1 day')::int AS under_1d,
              count(*) FILTER (WHERE open AND age >= interval '1 day'
                                          AND age < interval '3 days')::int AS from_1d_to_3d,
              count(*) FILTER (WHERE open AND age >= interval '3 days'
                                          AND age < interval '7 days')::int AS from_3d_to_7d,
              count(*) FILTER (WHERE open AND age >= interval '7 days')::int AS over_7d,
              count(*) FILTER (WHERE NOT open)::int AS awaiting,
              min(o.ticket_id::text) AS oldest_id, min(o.submitted_at) AS oldest_at
       FROM standing s LEFT JOIN oldest o ON o.owner = s.owner
       GROUP BY s.owner`,
      [now],
    );
    const tiers = SUPPORT_LEVELS.map((level) => {
      const row = rows.find((candidate) => candidate.level === level);
      return {
        level,
        open: row?.open ?? 0,
        ages: agesOf(row),
        oldest:
          row?.oldest_id && row.oldest_at
            ? {
                ticketId: row.oldest_id,
                submittedAt: row.oldest_at.toISOString(),
                ageSeconds: Math.floor((now.getTime() - row.oldest_at.getTime()) / 1000),
              }
            : null,
        awaitingConfirmation: row?.awaiting ?? 0,
      };
    });
    const sum = (pick: (tier: (typeof tiers)[number]) => number) =>
      tiers.reduce((total, tier) => total + pick(tier), 0);
    return {
      at: now.toISOString(),
      open: sum((tier) => tier.open),
      ages: {
        under1d: sum((tier) => tier.ages.under1d),
        from1dTo3d: sum((tier) => tier.ages.from1dTo3d),
        from3dTo7d: sum((tier) => tier.ages.from3dTo7d),
        over7d: sum((tier) => tier.ages.over7d),
      },
      awaitingConfirmation: sum((tier) => tier.awaitingConfirmation),
      tiers,
    };
  }

  /**
   * Each ticket resolved in the period once, by its last resolution in the period: how long
   * from submission, how long at the tier that resolved it, and whether it was first contact.
   */
  private async resolutions(
    manager: EntityManager,
    period: ReportPeriod,
  ): Promise<{ firstContact: ShareView; mttr: MttrView }> {
    const rows: ResolutionRow[] = await manager.query(
      `WITH last AS (
         SELECT DISTINCT ON (ticket_id) ticket_id, sequence, level, arrived_at, left_at
         FROM ${this.tables.stays}
         WHERE left_by = 'resolved' AND left_at >= $1 AND left_at < $2
         ORDER BY ticket_id, left_at DESC, sequence DESC),
       measured AS (
         SELECT l.level, t.priority,
                extract(epoch FROM l.left_at - t.submitted_at)::float8 AS to_resolve,
                extract(epoch FROM l.left_at - l.arrived_at)::float8 AS at_tier,
                l.level = 'L1' AND NOT EXISTS (
                  SELECT 1 FROM ${this.tables.stays} e
                  WHERE e.ticket_id = l.ticket_id AND e.arrived_by = 'escalated'
                    AND e.sequence <= l.sequence) AS first_contact
         FROM last l JOIN ${this.tables.tickets} t USING (ticket_id))
       SELECT 'overall' AS dimension, NULL AS key, count(*)::int AS resolved,
              count(*) FILTER (WHERE first_contact)::int AS first_contact,
              avg(to_resolve) AS mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY to_resolve) AS median
       FROM measured
       UNION ALL
       SELECT 'priority', priority, count(*)::int, 0, avg(to_resolve),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY to_resolve)
       FROM measured WHERE priority IS NOT NULL GROUP BY priority
       UNION ALL
       SELECT 'tier', level, count(*)::int, 0, avg(at_tier),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY at_tier)
       FROM measured GROUP BY level`,
      [period.from, period.to],
    );
    const overall = rows.find((row) => row.dimension === 'overall');
    const durations = (dimension: ResolutionRow['dimension'], key: string | null) =>
      durationsOf(rows.find((row) => row.dimension === dimension && row.key === key));
    return {
      firstContact: share(overall?.first_contact ?? 0, overall?.resolved ?? 0),
      mttr: {
        overall: durationsOf(overall),
        byPriority: PrioritySchema.options.map((priority) => ({
          priority,
          ...durations('priority', priority),
        })),
        byTier: SUPPORT_LEVELS.map((level) => ({ level, ...durations('tier', level) })),
      },
    };
  }

  /** Of the tickets submitted in the period: who went up from L1, and from L2 once there. */
  private async escalation(manager: EntityManager, period: ReportPeriod) {
    const [row]: {
      submitted: number;
      l1_to_l2: number;
      reached_l2: number;
      l2_to_l3: number;
    }[] = await manager.query(
      `SELECT count(*)::int AS submitted,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM ${this.tables.stays} s WHERE s.ticket_id = t.ticket_id
                  AND s.arrived_by = 'escalated' AND s.from_level = 'L1' AND s.level = 'L2'
              ))::int AS l1_to_l2,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM ${this.tables.stays} s WHERE s.ticket_id = t.ticket_id
                  AND s.level = 'L2'
              ))::int AS reached_l2,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM ${this.tables.stays} s WHERE s.ticket_id = t.ticket_id
                  AND s.arrived_by = 'escalated' AND s.from_level = 'L2' AND s.level = 'L3'
              ))::int AS l2_to_l3
       FROM ${this.tables.tickets} t WHERE t.submitted_at >= $1 AND t.submitted_at < $2`,
      [period.from, period.to],
    );
    return {
      l1ToL2: share(row?.l1_to_l2 ?? 0, row?.submitted ?? 0),
      l2ToL3: share(row?.l2_to_l3 ?? 0, row?.reached_l2 ?? 0),
    };
  }

  /**
   * Per tier: the tickets submitted in the period that reached it, and which of them the tier
   * breached (or warned about) per target. Overall (level null): any tier.
   */
  private async sla(manager: EntityManager, period: ReportPeriod): Promise<SlaView> {
    const flagged = (level: string, kind: string, target: string) =>
      `count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM ${this.tables.sla} e WHERE e.ticket_id = r.ticket_id
           AND ${level} AND e.kind = '${kind}' AND e.target = '${target}'))::int`;
    const figures = (
      level: string,
    ) => `${flagged(level, 'breach', 'first-response')} AS fr_breached,
              ${flagged(level, 'warning', 'first-response')} AS fr_warned,
              ${flagged(level, 'breach', 'resolution')} AS res_breached,
              ${flagged(level, 'warning', 'resolution')} AS res_warned`;
    const rows: SlaRow[] = await manager.query(
      `WITH cohort AS (
         SELECT ticket_id FROM ${this.tables.tickets}
         WHERE submitted_at >= $1 AND submitted_at < $2),
       reached AS (
         SELECT DISTINCT s.ticket_id, s.level FROM ${this.tables.stays} s
         JOIN cohort USING (ticket_id))
       SELECT r.level, count(*)::int AS tickets, ${figures('e.level = r.level')}
       FROM reached r GROUP BY r.level
       UNION ALL
       SELECT NULL, count(*)::int, ${figures('true')}
       FROM cohort r`,
      [period.from, period.to],
    );
    const policies: { policy: string; breaches: number }[] = await manager.query(
      `SELECT e.policy, count(*)::int AS breaches
       FROM ${this.tables.sla} e JOIN ${this.tables.tickets} t USING (ticket_id)
       WHERE e.kind = 'breach' AND t.submitted_at >= $1 AND t.submitted_at < $2
       GROUP BY e.policy ORDER BY breaches DESC, e.policy COLLATE "C"`,
      [period.from, period.to],
    );
    const overall = rows.find((row) => row.level === null);
    return {
      ...targetsOf(overall),
      tiers: SUPPORT_LEVELS.map((level) => ({
        level,
        ...targetsOf(rows.find((row) => row.level === level)),
      })),
      breachesByPolicy: policies,
    };
  }
}

function share(count: number, of: number): ShareView {
  return { of, count, rate: of === 0 ? null : count / of };
}

function agesOf(row: BacklogRow | undefined): AgeBucketsView {
  return {
    under1d: row?.under_1d ?? 0,
    from1dTo3d: row?.from_1d_to_3d ?? 0,
    from3dTo7d: row?.from_3d_to_7d ?? 0,
    over7d: row?.over_7d ?? 0,
  };
}

function durationsOf(row: ResolutionRow | undefined): DurationsView {
  const seconds = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(Number(value));
  return {
    resolved: row?.resolved ?? 0,
    meanSeconds: seconds(row?.mean),
    medianSeconds: seconds(row?.median),
  };
}

function targetsOf(row: SlaRow | undefined): {
  firstResponse: SlaTargetView;
  resolution: SlaTargetView;
} {
  const tickets = row?.tickets ?? 0;
  const target = (breached: number, warned: number): SlaTargetView => ({
    tickets,
    breached,
    compliance: tickets === 0 ? null : (tickets - breached) / tickets,
    warned,
  });
  return {
    firstResponse: target(row?.fr_breached ?? 0, row?.fr_warned ?? 0),
    resolution: target(row?.res_breached ?? 0, row?.res_warned ?? 0),
  };
}
