import { runTicketService } from '@helpdesk/event-log-nest';
import { AppModule } from './app.module';

void runTicketService(AppModule, 3001);
