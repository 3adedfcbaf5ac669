import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { ProjectionRunner } from '@helpdesk/event-log';

/**
 * The Nest transport that runs the service's projection: it starts feeding the read model
 * from the event log when the microservice listens, and stops when it closes. The handlers
 * are found once at start by the ServiceProjection, not through Nest's message patterns.
 */
export class TicketEventStream extends Server implements CustomTransportStrategy {
  constructor(private readonly runner: ProjectionRunner) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.runner.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await this.runner.stop();
  }

  on(): never {
    throw new Error('TicketEventStream has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.runner as T;
  }
}
