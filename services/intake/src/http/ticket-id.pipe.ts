import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** A ticket id that is not a UUID names no ticket: 404 like any unknown ticket. */
export const TicketIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundException('ticket not found'),
});
