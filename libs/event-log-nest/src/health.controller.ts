import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventLog } from '@helpdesk/event-log';
import { errorMessage } from './error-message';
import { EVENT_LOG } from './ticket-service.module';
import { TicketEventStream } from './ticket-event-stream.server';

type Check = { status: 'up' } | { status: 'down'; reason: string };

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly stream: TicketEventStream,
  ) {}

  /** The process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: database and log reachable, read model caught up with the log. */
  @Get('ready')
  async ready() {
    const checks: Record<string, Check> = {
      database: await check(() => this.dataSource.query('SELECT 1')),
      eventLog: await check(() => this.log.ping()),
    };
    const projection = await this.stream.runner.status().catch(() => undefined);
    checks['projection'] = !projection
      ? { status: 'down', reason: 'status unavailable' }
      : projection.caughtUp
        ? { status: 'up' }
        : { status: 'down', reason: `${projection.behind} positions behind (${projection.state})` };
    const body = {
      status: Object.values(checks).every((c) => c.status === 'up') ? 'ok' : 'unavailable',
      checks,
      projection,
    };
    if (body.status !== 'ok') throw new ServiceUnavailableException(body);
    return body;
  }
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', reason: errorMessage(error) };
  }
}
