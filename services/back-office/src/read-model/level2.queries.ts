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
import { Level2QueueEntry, Level2Ticket, Level2TimelineEntry } from './level2.entities';
import {
  DiagnosisView,
  HardwareReturnView,
  Level2QueueItemView,
  Level2PriorityCountView,
  Level2QueueView,
  Level2TicketView,
  RemoteSessionView,
} from './level2.views';

export type Level2QueueFilter = TierQueueFilter;

@Injectable()
export class Level2Queries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: TicketLifecycleStore,
  ) {}

  /**
   * The queue, most urgent first (P1..P4, then unprioritized), then oldest ticket first, unless
   * the filter asks for another order.
   */
  async queue(filter: Level2QueueFilter): Promise<Level2QueueView> {
    const [entries, total] = await findTierQueue(this.dataSource, Level2QueueEntry, filter);
    return {
      total,
      items: entries.flatMap((entry) => (entry.ticket ? [queueItem(entry, entry.ticket)] : [])),
    };
  }

  /** The queue's tickets per priority (P1..P4, then unprioritized), with the unassigned and mine. */
  async priorityCounts(technicianId: string): Promise<Level2PriorityCountView[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('ticket.priority', 'priority')
      .addSelect('COUNT(*)::int', 'tickets')
      .addSelect('(COUNT(*) FILTER (WHERE entry.assignee IS NULL))::int', 'unassigned')
      .addSelect('(COUNT(*) FILTER (WHERE entry.assignee = :me))::int', 'mine')
      .from(Level2QueueEntry, 'entry')
      .innerJoin('entry.ticket', 'ticket')
      .setParameter('me', technicianId)
      .groupBy('ticket.priority')
      .orderBy('ticket.priority', 'ASC', 'NULLS LAST')
      .getRawMany<Level2PriorityCountView>();
    return rows;
  }

  /** A ticket level 2 has had, with its timeline; undefined for one it never had. */
  async ticket(ticketId: string): Promise<Level2TicketView | undefined> {
    const manager = this.dataSource.manager;
    const ticket = await manager.findOneBy(Level2Ticket, { ticketId });
    if (!ticket?.firstReachedAt) return undefined;
    const [state, entry, timeline] = await Promise.all([
      this.lifecycle.load(manager, ticketId),
      manager.findOneBy(Level2QueueEntry, { ticketId }),
      loadTimeline(this.dataSource, Level2TimelineEntry, ticketId),
    ]);
    if (!state) return undefined;
    return {
      ticketId,
      owner: state.owner,
      status: state.status,
      assignee: state.assignee,
      inQueue: entry !== null,
      summary: ticket.summary,
      description: ticket.description,
      category: ticket.category,
      channel: ticket.channel,
      requester: requesterOf(ticket),
      priority: ticket.priority,
      escalationReason: ticket.escalationReason,
      arrivedBy: entry?.arrivedBy ?? null,
      arrivalReason: entry?.arrivalReason ?? null,
      ...workOf(ticket),
      submittedAt: ticket.submittedAt.toISOString(),
      firstReachedAt: ticket.firstReachedAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      timeline,
    };
  }
}

function queueItem(entry: Level2QueueEntry, ticket: Level2Ticket): Level2QueueItemView {
  return { ...tierQueueItem(entry, ticket), category: ticket.category, ...workOf(ticket) };
}

/** Level 2's work on the ticket: diagnosis, latest hardware return, latest remote session. */
function workOf(ticket: Level2Ticket): {
  diagnosis: DiagnosisView | null;
  hardwareReturn: HardwareReturnView | null;
  remoteSession: RemoteSessionView | null;
} {
  return {
    diagnosis:
      ticket.diagnosis && ticket.outcome && ticket.diagnosedAt
        ? {
            diagnosis: ticket.diagnosis,
            outcome: ticket.outcome,
            diagnosedAt: ticket.diagnosedAt.toISOString(),
          }
        : null,
    hardwareReturn:
      ticket.rmaNumber && ticket.rmaStep && ticket.rmaUpdatedAt
        ? {
            rmaNumber: ticket.rmaNumber,
            step: ticket.rmaStep,
            updatedAt: ticket.rmaUpdatedAt.toISOString(),
          }
        : null,
    remoteSession:
      ticket.remoteSessionId &&
      ticket.remoteSessionLink &&
      ticket.remoteSessionState &&
      ticket.remoteSessionStartedAt
        ? {
            sessionId: ticket.remoteSessionId,
            link: ticket.remoteSessionLink,
            state: ticket.remoteSessionState,
            startedAt: ticket.remoteSessionStartedAt.toISOString(),
            endedAt: ticket.remoteSessionEndedAt?.toISOString() ?? null,
          }
        : null,
  };
}
