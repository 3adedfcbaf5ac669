import { MigrationInterface, QueryRunner } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import {
  Projection,
  ProjectionBatch,
  ReadModelTable,
  UnappliableEventError,
  readModelTable,
  schemaOf,
} from '../../src';

/** The summary that makes the test projection refuse an event, as a real bug would. */
export const UNAPPLIABLE_SUMMARY = 'cannot be applied';

interface SummaryRow {
  ticket_id: string;
  summary: string;
  priority: string | null;
  events: number;
}

/**
 * A small read model for the contract tests: one row per ticket, and one row per applied
 * event naming the consumer that applied it (to count effects, not deliveries).
 */
export class TicketSummaryProjection implements Projection {
  private readonly summaries: ReadModelTable<SummaryRow>;
  private readonly appliedEvents: ReadModelTable;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(
    readonly name: string,
    schema: string,
    private readonly consumerName = 'consumer',
    /** Runs after the event's changes are staged: a test's bug, or its way to pause. */
    private readonly afterApply: (event: TicketEvent, batch: ProjectionBatch) => void = () =>
      undefined,
  ) {
    this.summaries = readModelTable(schema, 'ticket_summaries');
    this.appliedEvents = readModelTable(schema, 'applied_events', { readBeforeBatch: false });
    this.tables = [this.summaries, this.appliedEvents];
  }

  apply(event: TicketEvent, batch: ProjectionBatch): void {
    const summaries = batch.rows(this.summaries);
    const key = { ticket_id: event.ticketId };
    const counted = (summaries.get(key)?.events ?? 0) + 1;
    switch (event.type) {
      case 'TicketSubmitted':
        if (event.data.summary === UNAPPLIABLE_SUMMARY) {
          throw new UnappliableEventError('summary refused by the test projection');
        }
        summaries.put({ ...key, summary: event.data.summary, priority: null, events: 1 });
        break;
      case 'TicketPrioritized':
        summaries.patch(key, { priority: event.data.priority, events: counted });
        break;
      default:
        summaries.patch(key, { events: counted });
    }
    batch.rows(this.appliedEvents).put({
      event_id: event.eventId,
      ticket_id: event.ticketId,
      sequence: event.sequence,
      consumer: this.consumerName,
    });
    this.afterApply(event, batch);
  }
}

export class TicketSummaryTables1764000000100 implements MigrationInterface {
  name = 'TicketSummaryTables1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.ticket_summaries (
      ticket_id uuid PRIMARY KEY, summary text NOT NULL, priority text, events integer NOT NULL)`);
    await queryRunner.query(`CREATE TABLE ${schema}.applied_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id uuid NOT NULL, ticket_id uuid NOT NULL, sequence integer NOT NULL, consumer text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.applied_events, ${schema}.ticket_summaries`);
  }
}
