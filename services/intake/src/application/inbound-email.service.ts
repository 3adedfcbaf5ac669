import {
  Injectable,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AddressObject, EmailAddress, simpleParser } from 'mailparser';
import {
  InboundEmail,
  emailRefusal,
  isFromRequester,
  messageText,
  ticketReferenceIn,
  ticketRequestFromEmail,
} from '../domain/inbound-email';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../domain/idempotency';
import { isStorableText } from '../domain/storable-text';
import { InvalidTicketRequestError, requestFingerprint } from '../domain/ticket-request';
import { IntakeSettings } from '../intake.settings';
import { RequesterTicketsQueries } from '../read-model/requester-tickets.queries';
import { ContactGuideService } from './contact-guide.service';
import { IdempotencyClaim, IdempotencyStore, Outcome } from './idempotency.store';
import { TicketSummary } from './opened-ticket';
import { TicketActionsService } from './ticket-actions.service';
import { TicketIntakeService } from './ticket-intake.service';

export interface EmailOutcome {
  /** `opened`: a new ticket; `replied`: added to the ticket the subject refers to. */
  outcome: 'opened' | 'replied';
  ticket: TicketSummary;
}

/** Email gateway redeliveries share the Message-ID: one message, one effect. */
const EMAIL_SCOPE = 'email-gateway';

/**
 * Email in. A message whose subject carries `[#<ticket id>]` of an existing ticket, sent by
 * that ticket's requester, is their reply: forwarded to the owning level. Anything else opens
 * a ticket (from someone else, a reference is just part of the subject: nobody writes into
 * another requester's ticket by quoting its number).
 */
@Injectable()
export class InboundEmailService {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly actions: TicketActionsService,
    private readonly tickets: RequesterTicketsQueries,
    private readonly contactGuide: ContactGuideService,
    private readonly idempotency: IdempotencyStore,
    private readonly settings: IntakeSettings,
  ) {}

  async receive(raw: string, correlationId: string): Promise<Outcome<EmailOutcome>> {
    const email = await parseEmail(raw);
    const refusal = emailRefusal(email);
    if (refusal || !email.from) {
      throw new UnprocessableEntityException(refusal ?? 'the message has no From address');
    }
    const from = email.from;
    if (!email.messageId) return this.handle({ ...email, from }, correlationId);
    const claim: IdempotencyClaim = {
      scope: EMAIL_SCOPE,
      key: messageIdKey(email.messageId),
      fingerprint: requestFingerprint({
        from: from.address,
        subject: email.subject,
        text: email.text,
      }),
    };
    const earlier = await this.idempotency.replay<EmailOutcome>(claim);
    if (earlier) return earlier;
    return this.handle({ ...email, from }, correlationId, claim);
  }

  private async handle(
    email: InboundEmail & { from: { address: string; name: string } },
    correlationId: string,
    claim?: IdempotencyClaim,
  ): Promise<Outcome<EmailOutcome>> {
    const reference = ticketReferenceIn(email.subject);
    const ticket = reference ? await this.tickets.find(reference) : null;
    if (ticket && isFromRequester(email, ticket.requesterEmail)) {
      const summary = await this.actions.reply(
        ticket,
        messageText(email.text),
        'email',
        correlationId,
      );
      const outcome: EmailOutcome = { outcome: 'replied', ticket: summary };
      if (!claim) return { response: outcome, replayed: false };
      // The tier has recorded the reply; the record keeps a redelivery from adding it twice.
      return this.idempotency.record(claim, ticket.ticketId, outcome);
    }

    const category = this.settings.EMAIL_DEFAULT_CATEGORY;
    if (!(await this.contactGuide.exists(category))) {
      // A deployment fault: 503 makes the mail gateway keep the message and retry.
      throw new ServiceUnavailableException(
        `EMAIL_DEFAULT_CATEGORY "${category}" is not a category of the contact guide`,
      );
    }
    try {
      return await this.intake.open(
        ticketRequestFromEmail(email, category),
        { actor: { kind: 'system', id: 'email-gateway' }, correlationId },
        (opened): EmailOutcome => ({ outcome: 'opened', ticket: opened }),
        claim,
      );
    } catch (error) {
      if (error instanceof InvalidTicketRequestError) {
        throw new UnprocessableEntityException(
          `the message cannot become a ticket: ${error.field} ${error.problem}`,
        );
      }
      throw error;
    }
  }
}

async function parseEmail(raw: string): Promise<InboundEmail> {
  let parsed;
  try {
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
  } catch (error) {
    throw new UnprocessableEntityException(
      `the message cannot be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const sender = firstAddress(parsed.from);
  return {
    from: sender?.address ? { address: sender.address, name: sender.name } : undefined,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    messageId: parsed.messageId,
  };
}

function firstAddress(from: AddressObject | undefined): EmailAddress | undefined {
  const addresses = (from?.value ?? []).flatMap((address) => [address, ...(address.group ?? [])]);
  return addresses.find((address) => address.address);
}

/** The Message-ID as the key, or its hash when it is too long or not storable (a NUL, say). */
function messageIdKey(messageId: string): string {
  return messageId.length <= MAX_IDEMPOTENCY_KEY_LENGTH && isStorableText(messageId)
    ? messageId
    : `sha256:${createHash('sha256').update(messageId).digest('hex')}`;
}
