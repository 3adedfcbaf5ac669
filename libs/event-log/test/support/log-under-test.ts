import { EventLog } from '../../src';

/** What the contract suite needs from an adapter's test setup. */
export interface LogUnderTest {
  /** A new, empty log (its own topic or schema). `connect()` gives one more client of it. */
  newLog(partitions: number): Promise<LogConnection>;
  /** A log the test can take down and bring back (a broker stopped, a database refusing connections). */
  newInterruptibleLog(partitions: number): Promise<InterruptibleLog>;
}

export interface LogConnection {
  /** How another process (see crashing-consumer.ts) connects to the same log. */
  description: ChildLogDescription;
  connect(): EventLog;
}

export interface InterruptibleLog extends LogConnection {
  takeDown(): Promise<void>;
  bringBack(): Promise<void>;
  dispose(): Promise<void>;
}

export type ChildLogDescription =
  | { adapter: 'kafka'; brokers: string[]; topic: string; partitions: number }
  | { adapter: 'postgres'; connectionString: string; schema: string; partitions: number };
