/** What the launcher asks of the embedded PostgreSQL host process (passed as its argument). */
export interface EmbeddedPostgresOptions {
  /** The cluster's data folder, kept between runs. */
  dataDir: string;
  port: number;
  /** Created at start if missing. */
  database: string;
}

/** Local development credentials: the cluster listens on localhost only. */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

/** Host to launcher, over the IPC channel. */
export type HostMessage = { type: 'ready'; url: string } | { type: 'failed'; reason: string };

/** Launcher to host: stop the cluster and exit. (Closing the channel means the same.) */
export interface StopMessage {
  type: 'stop';
}

export function isHostMessage(message: unknown): message is HostMessage {
  if (!isRecord(message)) return false;
  return (
    (message['type'] === 'ready' && typeof message['url'] === 'string') ||
    (message['type'] === 'failed' && typeof message['reason'] === 'string')
  );
}

export function isStopMessage(message: unknown): message is StopMessage {
  return isRecord(message) && message['type'] === 'stop';
}

export function parseOptions(argument: string | undefined): EmbeddedPostgresOptions {
  const options: unknown = JSON.parse(argument ?? 'null');
  if (
    !isRecord(options) ||
    typeof options['dataDir'] !== 'string' ||
    !Number.isInteger(options['port']) ||
    typeof options['database'] !== 'string'
  ) {
    throw new Error(`expected {dataDir, port, database} as the argument, got ${argument}`);
  }
  return {
    dataDir: options['dataDir'],
    port: options['port'] as number,
    database: options['database'],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
