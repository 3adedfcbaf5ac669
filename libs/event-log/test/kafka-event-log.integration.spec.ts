import { restartableKafka, startLocalKafka, uniqueName } from '@helpdesk/testing';
import { describeEventLogContract } from './event-log.contract';
import { connectDescribedLog } from './support/connect-described-log';
import { ChildLogDescription, LogUnderTest } from './support/log-under-test';

function sharedBrokers(): string[] {
  const brokers = process.env['KAFKA_BROKERS'];
  if (!brokers) throw new Error('KAFKA_BROKERS is set by the jest global setup');
  return brokers.split(',');
}

function describeLog(brokers: string[], partitions: number): ChildLogDescription {
  return { adapter: 'kafka', brokers, topic: uniqueName('ticket-events'), partitions };
}

const kafkaLog: LogUnderTest = {
  async newLog(partitions) {
    const description = describeLog(sharedBrokers(), partitions);
    return { description, connect: () => connectDescribedLog(description, uniqueName('test')) };
  },

  // Stopping the shared broker would disturb the suites running beside this one: the outage
  // test gets a broker of its own (from the Kafka jars), stopped and started for real.
  async newInterruptibleLog(partitions) {
    const broker = await startLocalKafka();
    const control = restartableKafka(broker.controlFile);
    const description = describeLog(broker.brokers, partitions);
    return {
      description,
      connect: () => connectDescribedLog(description, uniqueName('test')),
      takeDown: () => control.stop(),
      bringBack: () => control.start(),
      dispose: () => broker.stop(),
    };
  },
};

describeEventLogContract('Kafka', () => kafkaLog);
