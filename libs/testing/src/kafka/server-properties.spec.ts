import { kafkaServerProperties } from './server-properties';

function parse(properties: string): Map<string, string> {
  return new Map(
    properties
      .trim()
      .split('\n')
      .map((line) => {
        const separator = line.indexOf('=');
        return [line.slice(0, separator), line.slice(separator + 1)];
      }),
  );
}

describe('kafkaServerProperties', () => {
  const properties = parse(
    kafkaServerProperties({ brokerPort: 19092, controllerPort: 19093, dataDir: '/tmp/kafka-data' }),
  );

  it('runs broker and controller in one KRaft node that votes for itself', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(properties.get('controller.listener.names')).toBe('CONTROLLER');
  });

  it('listens and advertises on loopback only, clients on the broker port', () => {
    expect(properties.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
    );
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(properties.get('listener.security.protocol.map')).toBe(
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    );
  });

  it('sizes the internal topics for a single node', () => {
    expect(properties.get('offsets.topic.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.replication.factor')).toBe('1');
    expect(properties.get('transaction.state.log.min.isr')).toBe('1');
  });

  it('keeps data in the given folder, rebalances at once and creates no topics implicitly', () => {
    expect(properties.get('log.dirs')).toBe('/tmp/kafka-data');
    expect(properties.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(properties.get('auto.create.topics.enable')).toBe('false');
    expect(properties.get('num.partitions')).toBe('1');
  });
});
