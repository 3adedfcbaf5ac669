import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * Notifications to requesters (email) and integrators (webhooks): the webhooks, the delivery
 * queue and its attempts. Intake's own state: a read-model rebuild never empties them (the
 * queue's uniqueness is what keeps a replay from sending twice). `notifications_started` marks
 * when the feature arrived: events older than that are never notified, so a rebuild does not
 * mail the history of every ticket.
 */
export class Notifications1764100000003 implements MigrationInterface {
  name = 'Notifications1764100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.notifications_started (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      started_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`INSERT INTO ${schema}.notifications_started DEFAULT VALUES`);
    await queryRunner.query(`CREATE TABLE ${schema}.webhooks (
      id uuid PRIMARY KEY,
      integrator_key_id uuid NOT NULL REFERENCES ${schema}.integrator_keys (id),
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret_sealed text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz)`);
    await queryRunner.query(
      `CREATE INDEX webhooks_of_integrator ON ${schema}.webhooks (integrator_key_id) WHERE removed_at IS NULL`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.notifications (
      id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      ticket_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
      recipient text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      CONSTRAINT notifications_once UNIQUE (event_id, channel, recipient))`);
    await queryRunner.query(
      `CREATE INDEX notifications_due ON ${schema}.notifications (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_of_recipient ON ${schema}.notifications (channel, recipient, created_at DESC)`,
    );
    await queryRunner.query(`CREATE TABLE ${schema}.notification_attempts (
      notification_id uuid NOT NULL REFERENCES ${schema}.notifications (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      attempted_at timestamptz NOT NULL,
      duration_ms integer NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
      status_code integer,
      error text,
      PRIMARY KEY (notification_id, attempt))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.notification_attempts`);
    await queryRunner.query(`DROP TABLE ${schema}.notifications`);
    await queryRunner.query(`DROP TABLE ${schema}.webhooks`);
    await queryRunner.query(`DROP TABLE ${schema}.notifications_started`);
  }
}
