import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from '@nestjs/common';
import { TicketEventStream } from './ticket-event-stream.server';

/**
 * Starts a ticket service: its HTTP edge on PORT (default `defaultPort`) and its projection,
 * fed by the event log. SIGINT/SIGTERM close both cleanly.
 */
export async function runTicketService(
  appModule: Type<unknown>,
  defaultPort: number,
): Promise<void> {
  try {
    await start(appModule, defaultPort);
  } catch (error) {
    // A wrong setting or an unreachable database stops the service with the reason, not a trace.
    new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

async function start(appModule: Type<unknown>, defaultPort: number): Promise<void> {
  const app = await NestFactory.create(appModule, { bufferLogs: false });
  app.enableShutdownHooks();
  await app.init();
  app.connectMicroservice({ strategy: app.get(TicketEventStream) });
  await app.startAllMicroservices();
  const port = Number(process.env['PORT'] ?? defaultPort);
  await app.listen(port, process.env['HOST'] ?? '0.0.0.0');
  new Logger('Bootstrap').log(`listening on port ${port}`);
}
