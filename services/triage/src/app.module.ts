import { Module } from '@nestjs/common';
import { TicketServiceModule } from '@helpdesk/event-log-nest';

/** Level 1: the front-line queue, knowledge base, priority; resolves with advice or escalates to level 2. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'triage',
      projection: 'triage.read-model.v1',
      level: 'L1',
    }),
  ],
})
export class AppModule {}
