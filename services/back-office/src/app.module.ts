import { Module } from '@nestjs/common';
import { TicketServiceModule } from '@helpdesk/event-log-nest';

/** Level 2: diagnosis, hardware return, phone guidance or remote session; resolves or escalates to level 3. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'back-office',
      projection: 'back-office.read-model.v1',
      level: 'L2',
    }),
  ],
})
export class AppModule {}
