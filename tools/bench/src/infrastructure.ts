import { startKafka, startPostgres } from '@helpdesk/testing';
import { listeningPid } from './process-stats';

export interface Infrastructure {
  /** Empty when the bench runs on the PostgreSQL log: no broker is provisioned then. */
  brokers: string[];
  databaseUrl: string;
  /**
   * Where each came from, as npm test says it: env, testcontainers, local jars, local server,
   * embedded; `none` for Kafka when there is no broker.
   */
  kafkaSource: string;
  postgresSource: string;
  brokerPid: number | undefined;
  databasePid: number | undefined;
  stop(): Promise<void>;
}

/** What the bench needs of a provisioned server. */
interface Provisioned {
  source: string;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const NO_KAFKA: Provisioned & { brokers: string[] } = {
  brokers: [],
  source: 'none',
  stop: async () => undefined,
};

/**
 * Kafka and PostgreSQL the way the tests get them (libs/testing): KAFKA_BROKERS and
 * DATABASE_URL when set, else a container engine, else a local broker from the Kafka jars and
 * the local PostgreSQL server or an embedded one. Also finds their processes, when they run
 * on this machine, to measure their memory. Without `kafka`, PostgreSQL only.
 */
export async function provisionInfrastructure({
  kafka: withKafka,
}: {
  kafka: boolean;
}): Promise<Infrastructure> {
  const results = await Promise.allSettled([
    withKafka ? startKafka() : Promise.resolve(NO_KAFKA),
    startPostgres(),
  ]);
  const [kafka, postgres] = results;
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.all(
      results.map((result: PromiseSettledResult<Provisioned>) =>
        result.status === 'fulfilled' ? result.value.stop() : Promise.resolve(),
      ),
    );
    throw kafka.status === 'rejected' ? kafka.reason : (postgres as PromiseRejectedResult).reason;
  }
  return describe(kafka.value, postgres.value);
}

function describe(
  kafka: Provisioned & { brokers: string[] },
  postgres: Provisioned & { url: string },
): Infrastructure {
  const broker = kafka.brokers[0];
  const database = new URL(postgres.url);
  return {
    brokers: kafka.brokers,
    databaseUrl: postgres.url,
    kafkaSource: kafka.source,
    postgresSource: postgres.source,
    // A container's port is held by a proxy process on this side: its memory says nothing.
    brokerPid:
      broker !== undefined &&
      kafka.source !== 'testcontainers' &&
      LOOPBACK.has(broker.slice(0, broker.lastIndexOf(':')))
        ? listeningPid(Number(broker.slice(broker.lastIndexOf(':') + 1)))
        : undefined,
    databasePid:
      postgres.source !== 'testcontainers' && LOOPBACK.has(database.hostname)
        ? listeningPid(Number(database.port || 5432))
        : undefined,
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}

export function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
