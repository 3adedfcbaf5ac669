import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerControl, readBrokerControl, writeBrokerControl } from './broker-control';
import { KafkaBrokerProcess } from './broker-process';
import { ensureKafkaJars, kafkaJavaCommand, runKafkaTool } from './kafka-jars';
import { kafkaServerProperties } from './server-properties';
import { freePorts } from '../support/free-ports';
import { cacheDir } from '../support/paths';
import { commandLine, isRunning, terminate } from '../support/processes';

const kafkaCacheDir = path.join(cacheDir, 'kafka');
const CONTROL_FILE = 'control.json';

export interface LocalKafka {
  brokers: string[];
  /** Lets any process stop and start this broker: put it into HELPDESK_TEST_KAFKA_CONTROL. */
  controlFile: string;
  /** Stops the broker (whichever process last started it) and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Starts a single-node KRaft broker from the Apache Kafka jars (fetched with Maven on first use)
 * in a fresh folder `.cache/kafka/run-<pid>-<random>`, on free ports, and waits until it serves
 * consumer groups.
 */
export async function startLocalKafka(): Promise<LocalKafka> {
  await ensureKafkaJars();
  await mkdir(kafkaCacheDir, { recursive: true });
  await removeAbandonedRuns();
  const runDir = await mkdtemp(path.join(kafkaCacheDir, `run-${process.pid}-`));
  const [brokerPort, controllerPort] = (await freePorts(2)) as [number, number];
  const dataDir = path.join(runDir, 'data');
  const propertiesFile = path.join(runDir, 'server.properties');
  await writeFile(propertiesFile, kafkaServerProperties({ brokerPort, controllerPort, dataDir }));
  await runKafkaTool('kafka.tools.StorageTool', [
    'format',
    '-t',
    randomClusterId(),
    '-c',
    propertiesFile,
  ]);

  const { command, args } = kafkaJavaCommand(
    'kafka.Kafka',
    [propertiesFile],
    ['-Xms256m', '-Xmx768m'],
  );
  const control: BrokerControl = {
    pid: null,
    brokers: [`127.0.0.1:${brokerPort}`],
    ports: { broker: brokerPort, controller: controllerPort },
    runDir,
    dataDir,
    logFile: path.join(runDir, 'broker.log'),
    command,
    args,
  };
  const controlFile = path.join(runDir, CONTROL_FILE);
  writeBrokerControl(controlFile, control);
  const broker = new KafkaBrokerProcess(controlFile);
  // On failure the run folder stays for its log; the next start removes it.
  await broker.start();

  return {
    brokers: control.brokers,
    controlFile,
    async stop() {
      await broker.stop();
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

/** A base64url UUID like Kafka's own, but never starting with '-', which its CLI would read as an option. */
function randomClusterId(): string {
  let id: string;
  do {
    id = randomBytes(16).toString('base64url');
  } while (id.startsWith('-'));
  return id;
}

/** Run folders of jest runs that died without their teardown (e.g. Ctrl-C), and their brokers. */
async function removeAbandonedRuns(): Promise<void> {
  for (const entry of await readdir(kafkaCacheDir)) {
    const owner = /^run-(\d+)-/.exec(entry)?.[1];
    if (owner === undefined || isRunning(Number(owner))) continue;
    const runDir = path.join(kafkaCacheDir, entry);
    const controlFile = path.join(runDir, CONTROL_FILE);
    const pid = existsSync(controlFile) ? readBrokerControl(controlFile).pid : null;
    // Only a broker of that folder: the pid may belong to another process by now.
    if (pid !== null && commandLine(pid)?.includes(runDir)) await terminate(pid, 5_000);
    await rm(runDir, { recursive: true, force: true });
  }
}
