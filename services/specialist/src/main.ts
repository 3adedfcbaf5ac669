import { runTicketService } from '@helpdesk/event-log-nest';

void runTicketService(async () => (await import('./app.module')).AppModule, 3003);
