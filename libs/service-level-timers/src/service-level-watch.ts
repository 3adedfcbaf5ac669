import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, TicketEvent } from '@helpdesk/ticket-events';
import { NotTicketOwnerError, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { ProjectionRunner, SequenceConflictError, errorMessage } from '@helpdesk/event-log';
import { Clock, TicketCommandBus } from '@helpdesk/event-log-nest';
import {
  EscalationDecision,
  ServiceLevelRules,
  decideServiceLevelCheck,
} from '@helpdesk/service-levels';
import { ServiceLevelTimerStore } from './service-level-timer.store';
import { ServiceLevelSettings } from './service-level.settings';
import { ESCALATION_DECISION, SERVICE_LEVEL_RULES } from './service-level.tokens';

/** Who warns, breaches and escalates by policy. */
export const SERVICE_LEVEL_ACTOR: Actor = { kind: 'system', id: 'sla' };

/** Tickets handled per check at most; the rest wait for the next one. */
const TICKETS_PER_CHECK = 100;

/**
 * The tier's timer loop: every SLA_CHECK_INTERVAL_MS it looks for counting timers past their
 * warning point or due time, and emits what is due through the command bus, one ticket per
 * command: under the ticket's lock, the decision reads the timers, and the events update them
 * in the same transaction. A restart, or another replica checking at the same moment, finds
 * them warned or breached already: each is emitted once.
 */
@Injectable()
export class ServiceLevelWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ServiceLevels');
  private checking: Promise<unknown> = Promise.resolve();
  private next?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timers: ServiceLevelTimerStore,
    private readonly bus: TicketCommandBus,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    private readonly settings: ServiceLevelSettings,
    @Inject(SERVICE_LEVEL_RULES) private readonly rules: ServiceLevelRules,
    @Inject(ESCALATION_DECISION) private readonly escalate: EscalationDecision,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.scheduleNext();
  }

  /** Stops the loop before the database goes, and waits for a check under way. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.next);
    await this.checking;
  }

  /** Checks once now (after any check under way); resolves with the events it emitted. */
  checkNow(): Promise<TicketEvent[]> {
    const check = this.checking.then(() => this.check());
    this.checking = check.catch(() => undefined);
    return check;
  }

  private scheduleNext(): void {
    if (!this.running) return;
    this.next = setTimeout(() => {
      this.checkNow()
        .catch((error: unknown) =>
          this.logger.warn(`service-level check failed: ${errorMessage(error)}`),
        )
        .finally(() => this.scheduleNext());
    }, this.settings.SLA_CHECK_INTERVAL_MS);
  }

  private async check(): Promise<TicketEvent[]> {
    const due = await this.timers.due(this.dataSource.manager, this.clock.now(), TICKETS_PER_CHECK);
    if (due.length === 0) return [];
    // While a rebuild replays the log, the timers do not yet know what was already emitted.
    if ((await this.runner.status()).state !== 'running') return [];
    const emitted: TicketEvent[] = [];
    for (const ticketId of due) emitted.push(...(await this.checkTicket(ticketId)));
    return emitted;
  }

  private async checkTicket(ticketId: string): Promise<TicketEvent[]> {
    try {
      const { events } = await this.bus.execute({
        ticketId,
        level: this.rules.level,
        actor: SERVICE_LEVEL_ACTOR,
        correlationId: ticketId,
        decide: async (state, manager) =>
          decideServiceLevelCheck(
            state,
            await this.timers.load(manager, ticketId),
            this.clock.now(),
            this.rules.policy,
            this.escalate,
          ),
      });
      return events;
    } catch (error) {
      // The ticket moved on meanwhile (another level owns it, it changed): its timers follow.
      if (
        error instanceof NotTicketOwnerError ||
        error instanceof TicketStateError ||
        error instanceof SequenceConflictError
      ) {
        return [];
      }
      this.logger.warn(`service-level check of ticket ${ticketId} failed: ${errorMessage(error)}`);
      return [];
    }
  }
}
