/** Injection token of the service's EventLog (Kafka or PostgreSQL, per EVENT_LOG). */
export const EVENT_LOG = Symbol('EVENT_LOG');
