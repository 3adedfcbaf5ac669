import { ApiProperty } from '@nestjs/swagger';
import { TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';

/** A command's answer: the ticket's lifecycle after it, and the events it produced. */
export class Level3CommandResultView {
  @ApiProperty({ type: 'object', additionalProperties: true })
  state!: TicketLifecycle;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  events!: TicketEvent[];
}
