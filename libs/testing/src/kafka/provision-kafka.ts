import { startLocalKafka } from './local-kafka';
import { isDockerAvailable } from '../support/docker';

const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';
/** The plaintext listener of @testcontainers/kafka's KafkaContainer. */
const CONTAINER_KAFKA_PORT = 9093;

interface KafkaServer {
  brokers: string[];
  /** Releases what was started (nothing for KAFKA_BROKERS). */
  stop(): Promise<void>;
}

export type ProvisionedKafka =
  | (KafkaServer & { source: 'env' | 'testcontainers'; canRestart: false })
  | (KafkaServer & { source: 'local jars'; canRestart: true; controlFile: string });

/**
 * A Kafka broker for tests: KAFKA_BROKERS (comma-separated) if set, else a testcontainers
 * KafkaContainer (KRaft) if a container engine answers, else a local broker from the Kafka jars.
 */
export async function startKafka(): Promise<ProvisionedKafka> {
  const fromEnv = process.env['KAFKA_BROKERS'];
  if (fromEnv) {
    const brokers = fromEnv
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean);
    return { source: 'env', canRestart: false, brokers, stop: async () => undefined };
  }
  if (await isDockerAvailable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
    return {
      source: 'testcontainers',
      canRestart: false,
      brokers: [`${container.getHost()}:${container.getMappedPort(CONTAINER_KAFKA_PORT)}`],
      stop: async () => {
        await container.stop();
      },
    };
  }
  const local = await startLocalKafka();
  return { source: 'local jars', canRestart: true, ...local };
}
