import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { Projection, ProjectionContext, UnappliableEventError, schemaOf } from '../../src';

/** The summary that makes the test projection refuse an event, as a real bug would. */
export const UNAPPLIABLE_SUMMARY = 'cannot be applied';

/**
 * A small read model for the contract tests: one row per ticket, and one row per applied
 * event naming the consumer that applied it (to count effects, not deliveries).
 */
export class TicketSummaryProjection implements Projection {
  constructor(
    readonly name: string,
    private readonly schema: string,
    private readonly consumerName = 'consumer',
    /** Runs after the event's writes, before the transaction commits. */
    private readonly afterApply: (event: TicketEvent) => Promise<void> = async () => undefined,
  ) {}

  async apply(event: TicketEvent, { manager }: ProjectionContext): Promise<void> {
    const s = this.schema;
    switch (event.type) {
      case 'TicketSubmitted':
        if (event.data.summary === UNAPPLIABLE_SUMMARY) {
          throw new UnappliableEventError('summary refused by the test projection');
        }
        await manager.query(
          `INSERT INTO "${s}".ticket_summaries (ticket_id, summary, priority, events) VALUES ($1, $2, NULL, 1)`,
          [event.ticketId, event.data.summary],
        );
        break;
      case 'TicketPrioritized':
        await manager.query(
          `UPDATE "${s}".ticket_summaries SET priority = $2, events = events + 1 WHERE ticket_id = $1`,
          [event.ticketId, event.data.priority],
        );
        break;
      default:
        await manager.query(
          `UPDATE "${s}".ticket_summaries SET events = events + 1 WHERE ticket_id = $1`,
          [event.ticketId],
        );
    }
    await manager.query(
      `INSERT INTO "${s}".applied_events (event_id, ticket_id, sequence, consumer) VALUES ($1, $2, $3, $4)`,
      [event.eventId, event.ticketId, event.sequence, this.consumerName],
    );
    await this.afterApply(event);
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query(
      `TRUNCATE "${this.schema}".ticket_summaries, "${this.schema}".applied_events`,
    );
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
