export * from './create-event-log';
export * from './event-log.settings';
export * from './health.controller';
export * from './run-ticket-service';
export * from './ticket-event-handlers';
export * from './ticket-event-stream.server';
export * from './ticket-service.module';
