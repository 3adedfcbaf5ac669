import { Module } from '@nestjs/common';
import { TicketServiceModule } from '@helpdesk/event-log-nest';

/** Level 3: queues per qualified domain, specialists with skills. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'specialist',
      projection: 'specialist.read-model.v1',
      level: 'L3',
    }),
  ],
})
export class AppModule {}
