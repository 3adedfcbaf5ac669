export interface KafkaServerPropertiesOptions {
  brokerPort: number;
  controllerPort: number;
  /** Where the broker keeps its logs (the data, not its log output). */
  dataDir: string;
}

const HOST = '127.0.0.1';

/** server.properties of a single-node KRaft broker (broker and controller in one process) for tests. */
export function kafkaServerProperties({
  brokerPort,
  controllerPort,
  dataDir,
}: KafkaServerPropertiesOptions): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${brokerPort},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    // One node: internal topics cannot have more replicas than that.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Tests create their topics explicitly, as production does.
    'auto.create.topics.enable': false,
    'num.partitions': 1,
  };
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}
