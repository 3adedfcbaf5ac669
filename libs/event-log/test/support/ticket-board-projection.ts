import { MigrationInterface, QueryRunner } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import {
  BatchStatement,
  Projection,
  ProjectionBatch,
  ReadModelTable,
  UnappliableEventError,
  readModelTable,
  schemaOf,
} from '../../src';

/** The summary that makes the board refuse an event (a poison event). */
export const POISON_SUMMARY = 'poison for the board';

interface BoardRow {
  ticket_id: string;
  owner: string;
  priority: string | null;
  touches: number;
  last_type: string;
}

interface StayRow {
  ticket_id: string;
  sequence: number;
  level: string;
  left_at_sequence: number | null;
}

/**
 * A read model that uses every way the engine writes: rows put, patched and deleted by key, a
 * ticket's several rows read and patched (its stays at each level), rows only added (its
 * lines), and a statement run once per batch (counts per event type).
 */
export class TicketBoardProjection implements Projection {
  private readonly boards: ReadModelTable<BoardRow>;
  private readonly stays: ReadModelTable<StayRow>;
  private readonly lines: ReadModelTable;
  private readonly count: BatchStatement;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(
    readonly name: string,
    schema: string,
  ) {
    this.boards = readModelTable<BoardRow>(schema, 'boards');
    this.stays = readModelTable<StayRow>(schema, 'board_stays');
    this.lines = readModelTable(schema, 'board_lines', { readBeforeBatch: false });
    this.tables = [this.boards, this.stays, this.lines];
    this.count = {
      sql: `INSERT INTO "${schema}".board_counts (type, events)
            SELECT type, count(*) FROM jsonb_to_recordset($1::jsonb) AS counted(type text) GROUP BY type
            ON CONFLICT (type) DO UPDATE SET events = board_counts.events + excluded.events`,
    };
  }

  apply(event: TicketEvent, batch: ProjectionBatch): void {
    const boards = batch.rows(this.boards);
    const key = { ticket_id: event.ticketId };
    const board = boards.get(key);
    batch
      .rows(this.lines)
      .put({ ticket_id: event.ticketId, sequence: event.sequence, type: event.type });
    batch.run(this.count, { type: event.type });
    switch (event.type) {
      case 'TicketSubmitted':
        if (event.data.summary === POISON_SUMMARY) {
          throw new UnappliableEventError('the board refuses this summary');
        }
        boards.put({ ...key, owner: 'L1', priority: null, touches: 1, last_type: event.type });
        this.arrive(batch, event, 'L1');
        return;
      case 'TicketEscalated':
      case 'TicketReturned':
        this.arrive(batch, event, event.data.toLevel);
        boards.patch(key, { owner: event.data.toLevel });
        break;
      case 'TicketPrioritized':
        boards.patch(key, { priority: event.data.priority });
        break;
      case 'TicketClosed':
        boards.delete(key);
        return;
      default:
        break;
    }
    if (board) boards.patch(key, { touches: board.touches + 1, last_type: event.type });
  }

  private arrive(batch: ProjectionBatch, event: TicketEvent, level: string): void {
    const stays = batch.rows(this.stays);
    for (const stay of stays.ofTicket(event.ticketId)) {
      if (stay.left_at_sequence === null) stays.patch(stay, { left_at_sequence: event.sequence });
    }
    stays.put({
      ticket_id: event.ticketId,
      sequence: event.sequence,
      level,
      left_at_sequence: null,
    });
  }
}

export class TicketBoardTables1764000000200 implements MigrationInterface {
  name = 'TicketBoardTables1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.boards (
      ticket_id uuid PRIMARY KEY, owner text NOT NULL, priority text,
      touches integer NOT NULL, last_type text NOT NULL)`);
    await queryRunner.query(`CREATE TABLE ${schema}.board_stays (
      ticket_id uuid NOT NULL, sequence integer NOT NULL, level text NOT NULL,
      left_at_sequence integer, PRIMARY KEY (ticket_id, sequence))`);
    await queryRunner.query(`CREATE TABLE ${schema}.board_lines (
      ticket_id uuid NOT NULL, sequence integer NOT NULL, type text NOT NULL,
      PRIMARY KEY (ticket_id, sequence))`);
    await queryRunner.query(`CREATE TABLE ${schema}.board_counts (
      type text PRIMARY KEY, events integer NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(
      `DROP TABLE ${schema}.boards, ${schema}.board_stays, ${schema}.board_lines, ${schema}.board_counts`,
    );
  }
}
