import { DataSource, EntityManager } from 'typeorm';
import { ParseResult, TicketEvent } from '@helpdesk/ticket-events';
import { AppliedEvent } from './projection-observer';
import { BatchApplier } from './batch-applier';
import { DeadLetterReplay, DeadLetterStore, RecordedDeadLetter } from './projection-dead-letters';
import { ProjectionStore } from './projection-store';

type TicketReplay = Omit<DeadLetterReplay, 'notFound'>;

/**
 * Applies dead letters again, once their cause is fixed (a handler corrected, a ticket's
 * missing event arrived): all unresolved ones, or those named. Each ticket's letters are
 * replayed in sequence order, in one transaction that also holds the partitions' checkpoint
 * locks, the ticket's applied sequence and the letters' resolution, like a batch from the log:
 * a letter at or below the ticket's sequence is a duplicate (resolved), the next one is applied
 * (resolved), any other stays dead with the reason of this attempt. Running it twice changes
 * nothing more.
 */
export class DeadLetterReplayer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
    private readonly store: ProjectionStore,
    private readonly letters: DeadLetterStore,
    private readonly parse: (value: string) => ParseResult<TicketEvent>,
    /** Saves the tickets' applied sequences (and tells the service's replicas). */
    private readonly saveVersions: (
      manager: EntityManager,
      versions: ReadonlyMap<string, number>,
    ) => Promise<void>,
  ) {}

  async replay(
    ids: readonly number[] | undefined,
    onApplied: (events: AppliedEvent[]) => void,
  ): Promise<DeadLetterReplay> {
    const replay: DeadLetterReplay = {
      applied: [],
      alreadyApplied: [],
      stillDead: [],
      alreadyResolved: [],
      notFound: [],
    };
    const found = await this.letters.find(this.dataSource.manager, ids);
    if (ids) {
      const known = new Set(found.map((letter) => letter.id));
      replay.notFound = [...new Set(ids)].filter((id) => !known.has(id));
    }
    const byTicket = new Map<string, RecordedDeadLetter[]>();
    for (const letter of found) {
      if (letter.resolvedAt) {
        replay.alreadyResolved.push(letter.id);
        continue;
      }
      // Grouped by the event's ticket as it parses now (a deployed fix may parse it at last).
      const parsed = this.parse(letter.value);
      const group = parsed.ok ? parsed.event.ticketId : `letter ${letter.id}`;
      byTicket.set(group, [...(byTicket.get(group) ?? []), letter]);
    }
    for (const letters of byTicket.values()) {
      const outcome = await this.replayTicket(letters, onApplied);
      replay.applied.push(...outcome.applied);
      replay.alreadyApplied.push(...outcome.alreadyApplied);
      replay.stillDead.push(...outcome.stillDead);
      replay.alreadyResolved.push(...outcome.alreadyResolved);
    }
    return sortReplay(replay);
  }

  private async replayTicket(
    candidates: readonly RecordedDeadLetter[],
    onApplied: (events: AppliedEvent[]) => void,
  ): Promise<TicketReplay> {
    const appliedEvents: AppliedEvent[] = [];
    const replayed = await this.dataSource.transaction(async (manager) => {
      // The lock order of a batch: checkpoints, then ticket versions. A batch of the live
      // consumer on the same partition waits for the replay, and the other way round.
      await this.store.lockCheckpoints(manager, [
        ...new Set(candidates.map((letter) => letter.partition)),
      ]);
      const letters = await this.letters.lockUnresolved(
        manager,
        candidates.map((letter) => letter.id),
      );
      const locked = new Set(letters.map((letter) => letter.id));
      const outcome: TicketReplay = {
        applied: [],
        alreadyApplied: [],
        stillDead: [],
        alreadyResolved: candidates.map((letter) => letter.id).filter((id) => !locked.has(id)),
      };
      const pending = letters
        .map((letter) => ({ parsed: this.parse(letter.value), source: letter }))
        .sort(
          (a, b) =>
            (a.parsed.ok ? a.parsed.event.sequence : 0) -
              (b.parsed.ok ? b.parsed.event.sequence : 0) || a.source.id - b.source.id,
        );
      // Isolated: a letter that fails again is rolled back alone, the others still apply.
      const result = await this.applier.apply(manager, pending, { isolate: true });
      for (const { source } of result.duplicates) {
        await this.letters.resolve(manager, source.id, 'duplicate');
        outcome.alreadyApplied.push(source.id);
      }
      for (const { source, reason } of result.dead) {
        await this.letters.keepDead(manager, source.id, reason);
        outcome.stillDead.push({ id: source.id, reason });
      }
      for (const { event, source } of result.applied) {
        await this.letters.resolve(manager, source.id, 'applied');
        outcome.applied.push(source.id);
        appliedEvents.push({ event, partition: source.partition, position: source.position });
      }
      await this.saveVersions(manager, result.versions);
      return outcome;
    });
    if (appliedEvents.length > 0) onApplied(appliedEvents);
    return replayed;
  }
}

function sortReplay(replay: DeadLetterReplay): DeadLetterReplay {
  const ascending = (a: number, b: number) => a - b;
  return {
    applied: replay.applied.sort(ascending),
    alreadyApplied: replay.alreadyApplied.sort(ascending),
    stillDead: replay.stillDead.sort((a, b) => a.id - b.id),
    alreadyResolved: replay.alreadyResolved.sort(ascending),
    notFound: replay.notFound.sort(ascending),
  };
}
