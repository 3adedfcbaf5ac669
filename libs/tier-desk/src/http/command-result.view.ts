import { ApiProperty } from '@nestjs/swagger';
import { TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';

/** What a command answers: the ticket's lifecycle after it, and the events it produced. */
export class CommandResultView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'owner, status, assignee, priority, domain, sequence… after the command',
  })
  state!: TicketLifecycle;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'the events the command produced (see docs/events.md)',
  })
  events!: TicketEvent[];
}
