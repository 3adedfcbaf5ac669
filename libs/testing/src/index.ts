export { restartableKafka, KAFKA_CONTROL_ENV } from './kafka/broker-process';
export type { RestartableKafka } from './kafka/broker-process';
export { startLocalKafka } from './kafka/local-kafka';
export type { LocalKafka } from './kafka/local-kafka';
export { startKafka } from './kafka/provision-kafka';
export type { ProvisionedKafka } from './kafka/provision-kafka';
export { kafkaServerProperties } from './kafka/server-properties';
export type { KafkaServerPropertiesOptions } from './kafka/server-properties';
export { createTestTopic } from './kafka/test-topic';
export type { TestTopicOptions } from './kafka/test-topic';
export { startPostgres } from './postgres/provision-postgres';
export type { ProvisionedPostgres } from './postgres/provision-postgres';
export { createTestSchema } from './postgres/test-schema';
export type { TestSchema } from './postgres/test-schema';
export { uniqueName } from './support/unique-name';
export { waitFor } from './support/wait-for';
export type { WaitForOptions } from './support/wait-for';
export {
  aTicketEvent,
  aTicketHistory,
  aTicketSubmitted,
  aTicketSubmittedV1,
} from './fixtures/ticket-events';
export { metricValue, parseMetrics } from './support/prometheus-text';
export type { MetricSample } from './support/prometheus-text';
