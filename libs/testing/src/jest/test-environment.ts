import { KAFKA_CONTROL_ENV } from '../kafka/broker-process';
import { ProvisionedKafka, startKafka } from '../kafka/provision-kafka';
import { ProvisionedPostgres, startPostgres } from '../postgres/provision-postgres';

declare global {
  /** Set by global-setup.js for global-teardown.js, which jest runs in the same process. */
  var helpdeskTestEnvironment: TestEnvironment | undefined;
}

export interface TestEnvironment {
  /** One line naming the broker and the database and where each came from. */
  summary: string;
  /** Stops what was started and restores the environment variables. */
  stop(): Promise<void>;
}

/**
 * Provisions Kafka and PostgreSQL concurrently and exports KAFKA_BROKERS, DATABASE_URL and, for a
 * restartable broker, HELPDESK_TEST_KAFKA_CONTROL to process.env, which jest workers inherit.
 */
export async function provisionTestEnvironment(): Promise<TestEnvironment> {
  const results = await Promise.allSettled([startKafka(), startPostgres()]);
  const [kafka, postgres] = results;
  if (kafka.status === 'fulfilled' && postgres.status === 'fulfilled') {
    return exportToEnv(kafka.value, postgres.value);
  }
  // Release what did start, then report what did not.
  await Promise.all(
    results.map((result) =>
      result.status === 'fulfilled' ? result.value.stop() : Promise.resolve(),
    ),
  );
  throw results.flatMap((result): unknown[] =>
    result.status === 'rejected' ? [result.reason] : [],
  )[0];
}

function exportToEnv(kafka: ProvisionedKafka, postgres: ProvisionedPostgres): TestEnvironment {
  const restoreEnv = setEnv(variables(kafka, postgres));
  return {
    summary:
      `Kafka ${kafka.brokers.join(',')} from ${kafka.source}, ` +
      `PostgreSQL ${redactPassword(postgres.url)} from ${postgres.source}`,
    async stop() {
      restoreEnv();
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}

function variables(kafka: ProvisionedKafka, postgres: ProvisionedPostgres): Record<string, string> {
  return {
    KAFKA_BROKERS: kafka.brokers.join(','),
    DATABASE_URL: postgres.url,
    ...(kafka.canRestart && { [KAFKA_CONTROL_ENV]: kafka.controlFile }),
  };
}

/** Sets the variables; the returned function restores the previous values (jest --watch reruns setup). */
function setEnv(values: Record<string, string>): () => void {
  const previous = Object.keys(values).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '***';
  return parsed.toString();
}
