import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Everything needed to stop and start the local broker from any process, kept in a JSON file:
 * the broker runs as a child of the jest parent process, tests run in worker processes.
 */
export interface BrokerControl {
  /** The running broker's pid; null while it is stopped. */
  pid: number | null;
  brokers: string[];
  ports: { broker: number; controller: number };
  /** Holds server.properties, the data dir, the log file and this control file. */
  runDir: string;
  dataDir: string;
  logFile: string;
  command: string;
  args: string[];
}

export function readBrokerControl(file: string): BrokerControl {
  return JSON.parse(readFileSync(file, 'utf8')) as BrokerControl;
}

/** Replaces the file atomically, so a reader in another process never sees half of it. */
export function writeBrokerControl(file: string, control: BrokerControl): void {
  const partFile = `${file}.${process.pid}.part`;
  writeFileSync(partFile, `${JSON.stringify(control, null, 2)}\n`);
  renameSync(partFile, file);
}
