import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketLifecycleStore } from '@helpdesk/event-log-nest';
import {
  TierQueueFilter,
  findTierQueue,
  loadTimeline,
  requesterOf,
  tierQueueItem,
} from '@helpdesk/tier-desk';
import { Level3QueueEntry, Level3Ticket, Level3TimelineEntry, Specialist } from './level3.entities';
import {
  DomainQueueSummaryView,
  DomainQueueView,
  Level3QueueItemView,
  Level3QueueView,
  Level3TicketView,
} from './level3.views';

export interface DomainQueueFilter extends TierQueueFilter {
  domain: string;
}

@Injectable()
export class Level3Queries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: TicketLifecycleStore,
  ) {}

  /** Every domain with tickets or specialists: how many tickets wait, and who can take them. */
  async queues(): Promise<DomainQueueSummaryView[]> {
    const [counts, specialists] = await Promise.all([
      this.dataSource
        .createQueryBuilder()
        .select('entry.domain', 'domain')
        .addSelect('COUNT(*)::int', 'tickets')
        .addSelect('(COUNT(*) FILTER (WHERE entry.assignee IS NULL))::int', 'unassigned')
        .from(Level3QueueEntry, 'entry')
        .groupBy('entry.domain')
        .getRawMany<{ domain: string; tickets: number; unassigned: number }>(),
      this.dataSource.manager.find(Specialist, { select: { domains: true } }),
    ]);
    const queues = new Map<string, DomainQueueSummaryView>(
      counts.map((count) => [count.domain, { ...count, specialists: 0 }]),
    );
    for (const domain of specialists.flatMap((specialist) => specialist.domains)) {
      const queue = queues.get(domain) ?? { domain, tickets: 0, unassigned: 0, specialists: 0 };
      queue.specialists++;
      queues.set(domain, queue);
    }
    return [...queues.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  }

  /** One domain's queue, most urgent first (P1..P4, then unprioritized), then oldest first. */
  async queue(filter: DomainQueueFilter): Promise<DomainQueueView> {
    return { domain: filter.domain, ...(await this.tickets(filter)) };
  }

  /**
   * The tickets of every domain queue, or of one when the filter names it; most urgent first
   * (P1..P4, then unprioritized), then oldest first, unless the filter asks for another order.
   */
  async tickets(filter: TierQueueFilter & { domain?: string }): Promise<Level3QueueView> {
    const [entries, total] = await findTierQueue(
      this.dataSource,
      Level3QueueEntry,
      filter,
      (query) => {
        if (filter.domain !== undefined) query.andWhere('entry.domain = :domain', filter);
      },
    );
    return {
      total,
      items: entries.flatMap(({ ticket, ...entry }): Level3QueueItemView[] =>
        ticket ? [{ ...tierQueueItem(entry, ticket), domain: entry.domain }] : [],
      ),
    };
  }

  /** The domains of the specialist with this technician's id; null when there is none. */
  async skillsOf(technicianId: string): Promise<readonly string[] | null> {
    const specialist = await this.dataSource.manager.findOneBy(Specialist, { id: technicianId });
    return specialist?.domains ?? null;
  }

  /** A ticket level 3 has had, with its timeline; undefined for one it never had. */
  async ticket(ticketId: string): Promise<Level3TicketView | undefined> {
    const manager = this.dataSource.manager;
    const [ticket, state, entry, timeline] = await Promise.all([
      manager.findOneBy(Level3Ticket, { ticketId }),
      this.lifecycle.load(manager, ticketId),
      manager.findOneBy(Level3QueueEntry, { ticketId }),
      loadTimeline(this.dataSource, Level3TimelineEntry, ticketId),
    ]);
    const submitted = timeline.find((line) => line.type === 'TicketSubmitted');
    const channel = submitted?.data['channel'];
    if (!ticket?.firstReachedAt || !state) return undefined;
    return {
      ticketId,
      owner: state.owner,
      status: state.status,
      assignee: state.assignee,
      domain: state.domain,
      inQueue: entry !== null,
      summary: ticket.summary,
      description: ticket.description,
      category: ticket.category,
      channel: typeof channel === 'string' ? channel : null,
      requester: requesterOf(ticket),
      priority: ticket.priority,
      escalationReason: ticket.escalationReason,
      arrivedBy: entry?.arrivedBy ?? null,
      arrivalReason: entry?.arrivalReason ?? null,
      level2Diagnosis: ticket.level2Diagnosis,
      level2Outcome: ticket.level2Outcome,
      submittedAt: ticket.submittedAt.toISOString(),
      firstReachedAt: ticket.firstReachedAt.toISOString(),
      timeline,
    };
  }
}
