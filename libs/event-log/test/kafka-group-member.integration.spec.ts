import { Admin, Consumer, Kafka, Producer, logLevel } from 'kafkajs';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { LogRecord } from '../src';
import { KafkaGroupMember } from '../src/kafka/kafka-group-member';

/**
 * kafkajs can stop fetching without an error (tulios/kafkajs#659). Pausing the consumer behind
 * the member's back is that silence, for real: no batch comes although records wait.
 */
describe('a Kafka group member whose consumer stops fetching without a word', () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  const kafka = new Kafka({
    brokers,
    clientId: uniqueName('stall-test'),
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('stalled-consumer');
  let admin: Admin;
  let producer: Producer;
  let member: KafkaGroupMember | undefined;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await member?.stop();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  });

  const produce = (values: readonly string[]) =>
    producer.send({ topic, messages: values.map((value) => ({ key: 'ticket', value })) });

  it('is run again by its watchdog and applies the records that wait, in order, once', async () => {
    const groupId = uniqueName('stall-group');
    const consumers: Consumer[] = [];
    const createConsumer = () => {
      const consumer = kafka.consumer({
        groupId,
        sessionTimeout: 6_000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
        retry: { restartOnFailure: async () => false },
      });
      consumers.push(consumer);
      return consumer;
    };
    const handled: LogRecord[] = [];
    const errors: string[] = [];
    member = new KafkaGroupMember(
      createConsumer,
      topic,
      async () => admin,
      {
        groupId: 'stall',
        resumeFrom: async () =>
          handled.length === 0 ? undefined : handled[handled.length - 1]!.position + 1,
        handleBatch: async (batches) => {
          handled.push(...batches.flatMap((batch) => batch.records));
        },
        onError: (error) => errors.push(String(error)),
      },
      3_000,
    );
    await member.start();
    await produce(['1', '2']);
    await waitFor(async () => handled.length === 2, {
      description: 'the first records to be handled',
      timeoutMs: 30_000,
    });

    consumers[0]!.pause([{ topic }]);
    await produce(['3', '4', '5']);

    await waitFor(async () => handled.length === 5, {
      description: 'the records produced after the consumer went silent to be handled',
      timeoutMs: 30_000,
    });
    expect(handled.map((record) => record.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(errors.some((error) => error.includes('nothing moved'))).toBe(true);
    expect(consumers).toHaveLength(2);
  }, 60_000);
});
