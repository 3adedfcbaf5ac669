import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decideIdempotency } from '../domain/idempotency';
import { IdempotencyRecordRow } from './idempotency-record.entity';

/** Who made a request (`scope`), under which key, with which body (`fingerprint`). */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

/** Stores the record in the transaction that makes the ticket (TicketCommandBus.open). */
export type Remember<Response> = (
  manager: EntityManager,
  ticketId: string,
  response: Response,
) => Promise<void>;

export interface Outcome<Response> {
  readonly response: Response;
  /** True when this is the answer to an earlier request with the same key and body. */
  readonly replayed: boolean;
}

/** Another request with the same key committed first; the work's transaction rolls back. */
class KeyTakenMeanwhile extends Error {}

@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectRepository(IdempotencyRecordRow)
    private readonly records: Repository<IdempotencyRecordRow>,
  ) {}

  /**
   * Runs `work` once per (scope, key). A replay with the same body gets the first answer and
   * changes nothing; another body under a used key is refused (422). `work` must call
   * `remember` inside the transaction that records its effect: when two requests with one
   * key race, the second one's insert waits for the first, finds the key taken, and its whole
   * transaction (events included) rolls back before it answers as a replay.
   */
  async once<Response>(
    claim: IdempotencyClaim,
    work: (remember: Remember<Response>) => Promise<Response>,
  ): Promise<Outcome<Response>> {
    const earlier = await this.replay<Response>(claim);
    if (earlier) return earlier;
    try {
      const response = await work((manager, ticketId, result) =>
        this.remember(manager, claim, ticketId, result),
      );
      return { response, replayed: false };
    } catch (error) {
      if (!(error instanceof KeyTakenMeanwhile)) throw error;
      const winner = await this.replay<Response>(claim);
      if (!winner) throw new Error(`idempotency record ${claim.scope}/${claim.key} vanished`);
      return winner;
    }
  }

  private async replay<Response>(claim: IdempotencyClaim): Promise<Outcome<Response> | undefined> {
    const row = await this.records.findOneBy({ scope: claim.scope, idempotencyKey: claim.key });
    const decision = decideIdempotency(row ?? undefined, claim.fingerprint);
    switch (decision.kind) {
      case 'first':
        return undefined;
      case 'replay':
        return { response: decision.response as Response, replayed: true };
      case 'conflict':
        throw new UnprocessableEntityException(
          `Idempotency-Key "${claim.key}" was already used with a different request body; ` +
            'send a new key for a new request',
        );
    }
  }

  private async remember(
    manager: EntityManager,
    claim: IdempotencyClaim,
    ticketId: string,
    response: unknown,
  ): Promise<void> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(IdempotencyRecordRow)
      .values({
        scope: claim.scope,
        idempotencyKey: claim.key,
        fingerprint: claim.fingerprint,
        ticketId,
        response: response as object,
      })
      .orIgnore()
      .returning(['scope'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) throw new KeyTakenMeanwhile();
  }
}
