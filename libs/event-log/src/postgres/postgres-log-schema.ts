import { escapeIdentifier } from 'pg';

/** The tables of the PostgreSQL log, all inside one schema: the equivalent of one Kafka topic. */
export function postgresLogTables(schema: string) {
  const s = escapeIdentifier(schema);
  return {
    schema: s,
    events: `${s}.events`,
    deadLetters: `${s}.dead_letters`,
    members: `${s}.group_members`,
    settings: `${s}.settings`,
    /** NOTIFY channel woken on every append. */
    channel: `event_log_${schema}`.slice(0, 63),
  };
}

export function postgresLogDdl(schema: string, partitions: number): string[] {
  const t = postgresLogTables(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${t.schema}`,
    `CREATE TABLE IF NOT EXISTS ${t.settings} (
       singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
       partitions integer NOT NULL CHECK (partitions > 0))`,
    `INSERT INTO ${t.settings} (partitions) VALUES (${Number(partitions)}) ON CONFLICT DO NOTHING`,
    // Append-only. The value is stored as written: judging it is the consumer's job.
    `CREATE TABLE IF NOT EXISTS ${t.events} (
       position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       partition integer NOT NULL,
       key text NOT NULL,
       value text NOT NULL,
       appended_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS events_partition_position ON ${t.events} (partition, position)`,
    `CREATE TABLE IF NOT EXISTS ${t.deadLetters} (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       group_id text NOT NULL,
       partition integer NOT NULL,
       position bigint NOT NULL,
       key text NOT NULL,
       value text NOT NULL,
       reason text NOT NULL,
       failed_at timestamptz NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.members} (
       group_id text NOT NULL,
       member_id text NOT NULL,
       heartbeat_at timestamptz NOT NULL,
       PRIMARY KEY (group_id, member_id))`,
  ];
}
