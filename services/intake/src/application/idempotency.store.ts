import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import {
  DatabaseSettings,
  OpeningClaim,
  OpeningClaimStore,
  PreparedOpening,
} from '@helpdesk/event-log-nest';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { decideIdempotency } from '../domain/idempotency';
import { IdempotencyRecordRow } from './idempotency-record.entity';

/** Who made a request (`scope`), under which key, with which body (`fingerprint`). */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

export interface Outcome<Response> {
  readonly response: Response;
  /** True when this is the answer to an earlier request with the same key and body. */
  readonly replayed: boolean;
}

/**
 * A ticket opened once per (scope, key): the group commit records the claim, with the answer
 * `answer` gives for the ticket, in the transaction that opens it (ADR 17).
 */
export class IdempotentOpening<Response> implements OpeningClaim {
  /** What was stored as the answer, once a group has recorded the claim. */
  recorded?: Response;

  constructor(
    readonly store: IdempotencyStore,
    readonly claim: IdempotencyClaim,
    readonly answer: (ticket: TicketLifecycle) => Response,
  ) {}
}

@Injectable()
export class IdempotencyStore implements OpeningClaimStore {
  private readonly table: string;

  constructor(
    @InjectRepository(IdempotencyRecordRow)
    private readonly records: Repository<IdempotencyRecordRow>,
    database: DatabaseSettings,
  ) {
    this.table = `"${database.DATABASE_SCHEMA.replace(/"/g, '""')}".idempotency_records`;
  }

  /**
   * A group's claims in one insert, before its events: a key already recorded (by an earlier
   * request, or by another replica's group that committed meanwhile) is not inserted again and
   * its opening is left out. Within a group only a key's first claim can hold. Keys are
   * inserted in one order everywhere, so two replicas' groups never deadlock on each other's.
   */
  async recordClaims(
    manager: EntityManager,
    claims: readonly { claim: OpeningClaim; opening: PreparedOpening }[],
  ): Promise<readonly boolean[]> {
    const first = new Map<string, number>();
    const rows = claims.map(({ claim, opening }, index) => {
      if (!(claim instanceof IdempotentOpening)) throw new Error('not an idempotent opening');
      const opened = claim as IdempotentOpening<unknown>;
      opened.recorded = opened.answer(opening.state);
      const id = JSON.stringify([opened.claim.scope, opened.claim.key]);
      if (!first.has(id)) first.set(id, index);
      return { id, claim: opened, ticketId: opening.ticketId };
    });
    const inserting = [...first.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, index]) => rows.slice(index, index + 1));
    const inserted: { scope: string; idempotency_key: string }[] = await manager.query(
      `INSERT INTO ${this.table} (scope, idempotency_key, fingerprint, ticket_id, response)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[])
       ON CONFLICT DO NOTHING
       RETURNING scope, idempotency_key`,
      [
        inserting.map((row) => row.claim.claim.scope),
        inserting.map((row) => row.claim.claim.key),
        inserting.map((row) => row.claim.claim.fingerprint),
        inserting.map((row) => row.ticketId),
        inserting.map((row) => JSON.stringify(row.claim.recorded)),
      ],
    );
    const held = new Set(inserted.map((row) => JSON.stringify([row.scope, row.idempotency_key])));
    return rows.map((row, index) => held.has(row.id) && first.get(row.id) === index);
  }

  /**
   * The answer to a request whose key was recorded first by another: the same answer again
   * when the body is the same, a 422 when it is not.
   */
  async answerTaken<Response>(claim: IdempotencyClaim): Promise<Outcome<Response>> {
    const earlier = await this.replay<Response>(claim);
    if (!earlier) throw new Error(`idempotency record ${claim.scope}/${claim.key} vanished`);
    return earlier;
  }

  /**
   * The earlier answer under this key, if any: undefined for a first request, a 422 for
   * another body.
   */
  async replay<Response>(claim: IdempotencyClaim): Promise<Outcome<Response> | undefined> {
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

  /**
   * Records the answer of work done elsewhere (a reply another level recorded). When a request
   * with the same key got there first, its answer is the one given.
   */
  async record<Response>(
    claim: IdempotencyClaim,
    ticketId: string,
    response: Response,
  ): Promise<Outcome<Response>> {
    const inserted = await this.records
      .createQueryBuilder()
      .insert()
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
    if ((inserted.raw as unknown[]).length > 0) return { response, replayed: false };
    return this.answerTaken<Response>(claim);
  }
}
