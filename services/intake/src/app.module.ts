import { Module } from '@nestjs/common';
import { TicketServiceModule } from '@helpdesk/event-log-nest';

/** The way in: REST intake API, portal, email and phone logging. Puts TicketSubmitted on the log. */
@Module({
  imports: [TicketServiceModule.forRoot({ service: 'intake', projection: 'intake.read-model.v1' })],
})
export class AppModule {}
