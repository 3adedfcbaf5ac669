import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { TicketEvent, TicketEventDraft } from '@helpdesk/ticket-events';
import { aTicketEvent, aTicketSubmitted, createTestSchema, TestSchema } from '@helpdesk/testing';
import { ProjectionStore, ProjectionStoreTables1764000000000 } from '../src';
import { BatchApplier, BatchWriteFailed } from '../src/projection/batch-applier';
import {
  POISON_SUMMARY,
  TicketBoardProjection,
  TicketBoardTables1764000000200,
} from './support/ticket-board-projection';

const PROJECTION = 'test.board.v1';

/** A database with the board's tables, applying events through the engine as the runner does. */
class Board {
  private applier!: BatchApplier;
  private readonly store: ProjectionStore;

  constructor(
    readonly dataSource: DataSource,
    private readonly schema: string,
  ) {
    this.store = new ProjectionStore(schema, PROJECTION);
    this.restart();
  }

  /** A new process: nothing of the previous one's memory is left. */
  restart(): void {
    this.applier = new BatchApplier(new TicketBoardProjection(PROJECTION, this.schema), this.store);
  }

  async apply(events: readonly TicketEvent[]): Promise<string[]> {
    try {
      return await this.applyOnce(events, false);
    } catch (error) {
      if (!(error instanceof BatchWriteFailed)) throw error;
      return this.applyOnce(events, true);
    }
  }

  private applyOnce(events: readonly TicketEvent[], isolate: boolean): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const pending = events.map((event) => ({
        parsed: { ok: true as const, event },
        source: event,
      }));
      const outcome = await this.applier.apply(manager, pending, { isolate });
      await this.store.saveProgress(manager, { versions: outcome.versions });
      return outcome.dead.map(
        ({ source, reason }) => `${source.ticketId}#${source.sequence}: ${reason}`,
      );
    });
  }

  async empty(): Promise<void> {
    const s = `"${this.schema}"`;
    await this.dataSource.query(
      `TRUNCATE ${s}.boards, ${s}.board_stays, ${s}.board_lines, ${s}.board_counts, ${s}.projection_ticket_versions`,
    );
  }

  /** Every table, every row, in key order. */
  async dump(): Promise<Record<string, unknown[]>> {
    const s = `"${this.schema}"`;
    const read = (sql: string) => this.dataSource.query(sql);
    return {
      boards: await read(`SELECT * FROM ${s}.boards ORDER BY ticket_id`),
      stays: await read(`SELECT * FROM ${s}.board_stays ORDER BY ticket_id, sequence`),
      lines: await read(`SELECT * FROM ${s}.board_lines ORDER BY ticket_id, sequence`),
      counts: await read(`SELECT * FROM ${s}.board_counts ORDER BY type`),
      versions: await read(
        `SELECT ticket_id, last_sequence FROM ${s}.projection_ticket_versions ORDER BY ticket_id`,
      ),
    };
  }
}

type Step = 'prioritize' | 'take' | 'escalate' | 'return' | 'close';

/** A ticket's history from the steps drawn: each step that makes sense where the ticket stands. */
function history(ticketId: string, steps: readonly Step[], poisoned: boolean): TicketEvent[] {
  const events: TicketEvent[] = [
    aTicketSubmitted({ ticketId, ...(poisoned && { summary: POISON_SUMMARY }) }),
  ];
  let owner: 'L1' | 'L2' = 'L1';
  const add = (draft: TicketEventDraft) =>
    events.push(aTicketEvent(draft, ticketId, events.length + 1));
  for (const step of steps) {
    if (step === 'prioritize') {
      add({
        type: 'TicketPrioritized',
        data: { impact: 'high', urgency: 'low', priority: `P${(events.length % 4) + 1}` as 'P1' },
      });
    } else if (step === 'take') {
      add({ type: 'TicketTaken', data: { level: owner, technicianId: `tech-${events.length}` } });
    } else if (step === 'escalate' && owner === 'L1') {
      add({
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'deeper', domain: null },
      });
      owner = 'L2';
    } else if (step === 'return' && owner === 'L2') {
      add({ type: 'TicketReturned', data: { fromLevel: 'L2', toLevel: 'L1', reason: 'back' } });
      owner = 'L1';
    } else if (step === 'close') {
      add({ type: 'TicketClosed', data: { reason: 'closed-without-confirmation' } });
      break;
    }
  }
  return events;
}

/** Tickets' histories interleaved as a log would deliver them: each ticket's order kept. */
const aLog = fc
  .array(
    fc.record({
      steps: fc.array(fc.constantFrom<Step>('prioritize', 'take', 'escalate', 'return', 'close'), {
        maxLength: 8,
      }),
      poisoned: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .chain((tickets) => {
    const histories = tickets.map(({ steps, poisoned }) => history(randomUUID(), steps, poisoned));
    const total = histories.reduce((sum, events) => sum + events.length, 0);
    return fc
      .array(fc.nat(histories.length - 1), { minLength: total * 2, maxLength: total * 2 })
      .map((picks) => {
        const cursors = histories.map(() => 0);
        const log: TicketEvent[] = [];
        for (const pick of [...picks, ...histories.keys()]) {
          for (let ticket = pick; ticket < pick + histories.length; ticket++) {
            const index = ticket % histories.length;
            const next = histories[index]![cursors[index]!];
            if (next) {
              log.push(next);
              cursors[index]!++;
              break;
            }
          }
        }
        return log;
      });
  });

describe('the batch engine against one event at a time', () => {
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  const schemas: TestSchema[] = [];
  let oneByOne: Board;
  let batched: Board;

  async function board(): Promise<Board> {
    const schema = await createTestSchema(databaseUrl);
    schemas.push(schema);
    const dataSource = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      schema: schema.schema,
      migrations: [ProjectionStoreTables1764000000000, TicketBoardTables1764000000200],
      migrationsRun: true,
      extra: { max: 2 },
    }).initialize();
    return new Board(dataSource, schema.schema);
  }

  beforeAll(async () => {
    oneByOne = await board();
    batched = await board();
  });

  afterAll(async () => {
    for (const each of [oneByOne, batched]) await each?.dataSource.destroy();
    for (const schema of schemas) await schema.drop();
  });

  it('leaves the same tables whatever the batches, with crashes and redeliveries between them', async () => {
    await fc.assert(
      fc.asyncProperty(
        aLog,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.record({ afterBatch: fc.nat(30), redeliver: fc.nat(10) }), { maxLength: 3 }),
        async (log, sizes, crashes) => {
          await oneByOne.empty();
          await batched.empty();
          oneByOne.restart();
          batched.restart();

          const expectedDead: string[] = [];
          for (const event of log) expectedDead.push(...(await oneByOne.apply([event])));

          const dead: string[] = [];
          let from = 0;
          for (let batch = 0; from < log.length; batch++) {
            const size = sizes[batch % sizes.length]!;
            dead.push(...(await batched.apply(log.slice(from, from + size))));
            from += size;
            for (const crash of crashes.filter(({ afterBatch }) => afterBatch === batch)) {
              // The process dies; its successor is given again what was applied last.
              batched.restart();
              const again = log.slice(Math.max(0, from - crash.redeliver), from);
              expect(await batched.apply(again)).toEqual([]);
            }
          }

          expect(await batched.dump()).toEqual(await oneByOne.dump());
          expect(dead).toEqual(expectedDead);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('applies the other events of a batch around a poison event, and holds that ticket back', async () => {
    await batched.empty();
    batched.restart();
    const poisoned = history(randomUUID(), ['prioritize', 'take'], true);
    const healthy = history(randomUUID(), ['prioritize', 'escalate'], false);
    const log = [healthy[0]!, poisoned[0]!, healthy[1]!, poisoned[1]!, healthy[2]!, poisoned[2]!];

    const dead = await batched.apply(log);

    const ticket = poisoned[0]!.ticketId;
    expect(dead).toEqual([
      `${ticket}#1: unappliable: the board refuses this summary`,
      `${ticket}#2: sequence gap on ticket ${ticket}: expected 1, got 2`,
      `${ticket}#3: sequence gap on ticket ${ticket}: expected 1, got 3`,
    ]);
    const { boards, versions } = await batched.dump();
    expect(boards).toEqual([
      expect.objectContaining({ ticket_id: healthy[0]!.ticketId, owner: 'L2' }),
    ]);
    expect(versions).toEqual([{ ticket_id: healthy[0]!.ticketId, last_sequence: 3 }]);
  });
});
