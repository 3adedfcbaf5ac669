import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readBrokerControl, writeBrokerControl } from './broker-control';
import { waitForKafkaReady } from './broker-readiness';
import { isRunning, terminate } from '../support/processes';

/** Names the control file of the broker the jest global setup started (see restartableKafka). */
export const KAFKA_CONTROL_ENV = 'HELPDESK_TEST_KAFKA_CONTROL';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/** A broker that can be stopped and started again on the same ports and data. */
export interface RestartableKafka {
  /** SIGTERM, waits for the exit (SIGKILL after 15 s); the data stays for start(). */
  stop(): Promise<void>;
  /** Starts the broker again and resolves once it serves consumer groups. */
  start(): Promise<void>;
}

/**
 * Controls a local broker (started from the Kafka jars) from any process. Without an argument:
 * the broker of this jest run, or undefined when it came from KAFKA_BROKERS or testcontainers,
 * which cannot be restarted. With the `controlFile` of a LocalKafka: that broker.
 */
export function restartableKafka(controlFile: string): RestartableKafka;
export function restartableKafka(): RestartableKafka | undefined;
export function restartableKafka(
  controlFile = process.env[KAFKA_CONTROL_ENV],
): RestartableKafka | undefined {
  return controlFile ? new KafkaBrokerProcess(controlFile) : undefined;
}

/** Stateless: every call reads the control file, since another process may have restarted the broker. */
export class KafkaBrokerProcess implements RestartableKafka {
  constructor(private readonly controlFile: string) {}

  async start(): Promise<void> {
    const control = readBrokerControl(this.controlFile);
    if (control.pid !== null && isRunning(control.pid)) return;
    const logFd = openSync(control.logFile, 'a');
    const broker = spawn(control.command, control.args, {
      cwd: control.runDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    broker.unref();
    await new Promise((resolve, reject) => {
      broker.once('spawn', resolve);
      broker.once('error', reject);
    });
    writeBrokerControl(this.controlFile, { ...control, pid: broker.pid as number });

    const exited = new Promise<never>((_resolve, reject) => {
      broker.once('exit', (code, signal) =>
        reject(
          new Error(
            `Kafka broker exited (code ${code}, signal ${signal}) before it was ready; ` +
              `${control.logFile} ends with:\n${tail(control.logFile)}`,
          ),
        ),
      );
    });
    try {
      await Promise.race([waitForKafkaReady(control.brokers, READY_TIMEOUT_MS), exited]);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      broker.removeAllListeners('exit');
    }
  }

  async stop(): Promise<void> {
    const control = readBrokerControl(this.controlFile);
    if (control.pid === null) return;
    await terminate(control.pid, STOP_GRACE_MS);
    writeBrokerControl(this.controlFile, { ...control, pid: null });
  }
}

function tail(file: string, lines = 30): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
