import { Controller, MessageEvent, Sse, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Observable, interval, map, merge } from 'rxjs';
import { TechnicianGuard } from '../auth/technician.guard';
import { TicketChanges } from '../live/ticket-changes';

const KEEP_ALIVE_MS = 25_000;

/**
 * Server-sent events for the dashboards: `tickets-changed` with the ids whose read-model rows
 * just changed (any replica's), and a comment-like keep-alive so proxies keep the stream open.
 */
@ApiExcludeController()
@UseGuards(TechnicianGuard)
@Controller('dashboard/live')
export class LiveUpdatesController {
  constructor(private readonly changes: TicketChanges) {}

  @Sse()
  stream(): Observable<MessageEvent> {
    return merge(
      this.changes.changes$.pipe(map((ids) => ({ type: 'tickets-changed', data: ids }))),
      interval(KEEP_ALIVE_MS).pipe(map(() => ({ type: 'keep-alive', data: '' }))),
    );
  }
}
