import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommandMetadata, TicketCommandBus } from '@helpdesk/event-log-nest';
import {
  InvalidTicketRequestError,
  TicketRequest,
  decideNewTicket,
  ticketRequestFingerprint,
} from '../domain/ticket-request';
import { IntakePriorityMatrix } from '../intake.settings';
import { ContactGuideService } from './contact-guide.service';
import { IdempotencyStore, Outcome } from './idempotency.store';
import { TicketSummary, summaryOf } from './opened-ticket';

/** Who submits (the scope of their idempotency keys) and under which key, if any. */
export interface SubmissionKey {
  readonly scope: string;
  readonly key?: string;
}

/**
 * Opens tickets: TicketSubmitted and TicketPrioritized go to the outbox, the read model and
 * (when the request carries a key) the idempotency record in one transaction, so a 2xx means
 * the ticket will reach the log (invariant 3).
 */
@Injectable()
export class TicketIntakeService {
  constructor(
    private readonly commands: TicketCommandBus,
    private readonly contactGuide: ContactGuideService,
    private readonly idempotency: IdempotencyStore,
    private readonly priorities: IntakePriorityMatrix,
  ) {}

  /** A request from the API or the phone desk: the category must be one of the guide's. */
  async submit(
    request: TicketRequest,
    metadata: CommandMetadata,
    submissionKey: SubmissionKey,
  ): Promise<Outcome<TicketSummary>> {
    const work = async (
      remember?: (manager: EntityManager, ticket: TicketSummary) => Promise<void>,
    ) => {
      await this.assertCategory(request.category);
      try {
        return await this.open(request, metadata, remember);
      } catch (error) {
        if (error instanceof InvalidTicketRequestError) {
          throw new BadRequestException([`${error.field} ${error.problem}`]);
        }
        throw error;
      }
    };
    if (submissionKey.key === undefined) return { response: await work(), replayed: false };
    return this.idempotency.once<TicketSummary>(
      {
        scope: submissionKey.scope,
        key: submissionKey.key,
        fingerprint: ticketRequestFingerprint(request),
      },
      (remember) => work((manager, ticket) => remember(manager, ticket.id, ticket)),
    );
  }

  /**
   * Opens the ticket. `alongside` runs in the same transaction (idempotency record); it sees
   * the ticket as the events left it. Throws InvalidTicketRequestError for data the event
   * contract refuses.
   */
  async open(
    request: TicketRequest,
    metadata: CommandMetadata,
    alongside?: (manager: EntityManager, ticket: TicketSummary) => Promise<void>,
  ): Promise<TicketSummary> {
    const drafts = decideNewTicket(request, this.priorities.matrix);
    const result = await this.commands.open(drafts, metadata, async (manager, { state }) => {
      await alongside?.(manager, summaryOf(state));
    });
    return summaryOf(result.state);
  }

  private async assertCategory(category: string): Promise<void> {
    if (await this.contactGuide.exists(category)) return;
    const known = await this.contactGuide.ids();
    throw new BadRequestException([
      `category must be one of the contact guide's categories: ${known.join(', ')}`,
    ]);
  }
}
