import { BadRequestException, Injectable } from '@nestjs/common';
import { CLAIMED_BEFORE, CommandMetadata, TicketCommandBus } from '@helpdesk/event-log-nest';
import { TicketEventDraft } from '@helpdesk/ticket-events';
import {
  InvalidTicketRequestError,
  TicketRequest,
  decideNewTicket,
  ticketRequestFingerprint,
} from '../domain/ticket-request';
import { IntakePriorityMatrix } from '../intake.settings';
import { ContactGuideService } from './contact-guide.service';
import {
  IdempotencyClaim,
  IdempotencyStore,
  IdempotentOpening,
  Outcome,
} from './idempotency.store';
import { TicketSummary, summaryOf } from './opened-ticket';

/** Who submits (the scope of their idempotency keys) and under which key, if any. */
export interface SubmissionKey {
  readonly scope: string;
  readonly key?: string;
}

/**
 * Opens tickets: TicketSubmitted and TicketPrioritized go to the outbox, the read model and
 * (when the request carries a key) the idempotency record in one transaction, so a 2xx means
 * the ticket will reach the log (invariant 3). The transaction is a group's (ADR 17): a request
 * is checked on its own first (the contact guide, the event contract), then joins the requests
 * that arrive meanwhile in the command bus's next group commit.
 */
@Injectable()
export class TicketIntakeService {
  constructor(
    private readonly commands: TicketCommandBus,
    private readonly contactGuide: ContactGuideService,
    private readonly idempotency: IdempotencyStore,
    private readonly priorities: IntakePriorityMatrix,
  ) {}

  /** A request from the API, the phone desk or the portal: the category must be the guide's. */
  async submit(
    request: TicketRequest,
    metadata: CommandMetadata,
    submissionKey: SubmissionKey,
  ): Promise<Outcome<TicketSummary>> {
    await this.assertCategory(request.category);
    let drafts: TicketEventDraft[];
    try {
      drafts = decideNewTicket(request, this.priorities.matrix);
    } catch (error) {
      if (error instanceof InvalidTicketRequestError) {
        throw new BadRequestException([`${error.field} ${error.problem}`]);
      }
      throw error;
    }
    if (submissionKey.key === undefined) {
      return { response: await this.openDecided(drafts, metadata), replayed: false };
    }
    return this.openDecidedOnce(
      drafts,
      metadata,
      {
        scope: submissionKey.scope,
        key: submissionKey.key,
        fingerprint: ticketRequestFingerprint(request),
      },
      (ticket) => ticket,
    );
  }

  /**
   * Opens the ticket, once per claim when there is one: a request whose claim was recorded
   * before gets that earlier answer (or a 422 for another body). `answer` makes what is
   * answered, and stored with the claim, of the ticket. Throws InvalidTicketRequestError for
   * data the event contract refuses.
   */
  async open<Response>(
    request: TicketRequest,
    metadata: CommandMetadata,
    answer: (ticket: TicketSummary) => Response,
    claim?: IdempotencyClaim,
  ): Promise<Outcome<Response>> {
    const drafts = decideNewTicket(request, this.priorities.matrix);
    if (!claim) {
      return { response: answer(await this.openDecided(drafts, metadata)), replayed: false };
    }
    return this.openDecidedOnce(drafts, metadata, claim, answer);
  }

  private async openDecided(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
  ): Promise<TicketSummary> {
    return summaryOf((await this.commands.open(drafts, metadata)).state);
  }

  private async openDecidedOnce<Response>(
    drafts: readonly TicketEventDraft[],
    metadata: CommandMetadata,
    claim: IdempotencyClaim,
    answer: (ticket: TicketSummary) => Response,
  ): Promise<Outcome<Response>> {
    const opening = new IdempotentOpening(this.idempotency, claim, (state) =>
      answer(summaryOf(state)),
    );
    const outcome = await this.commands.openClaimed(drafts, metadata, opening);
    if (outcome === CLAIMED_BEFORE) return this.idempotency.answerTaken<Response>(claim);
    // What was stored with the claim, so that a replay answers exactly the same.
    return { response: opening.recorded ?? answer(summaryOf(outcome.state)), replayed: false };
  }

  private async assertCategory(category: string): Promise<void> {
    if (await this.contactGuide.exists(category)) return;
    const known = await this.contactGuide.ids();
    throw new BadRequestException([
      `category must be one of the contact guide's categories: ${known.join(', ')}`,
    ]);
  }
}
