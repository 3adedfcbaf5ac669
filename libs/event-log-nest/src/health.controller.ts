import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { EventLog, errorMessage } from '@helpdesk/event-log';
import { EVENT_LOG } from './event-log.token';
import { TicketEventStream } from './ticket-event-stream.server';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly stream: TicketEventStream,
  ) {}

  /** The process answers. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready to serve: database and log reachable, read model caught up with the log (else 503). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database'),
      () => this.eventLog(),
      () => this.projection(),
    ]);
  }

  private async eventLog(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('eventLog');
    try {
      await this.log.ping();
      return check.up();
    } catch (error) {
      return check.down({ reason: errorMessage(error) });
    }
  }

  private async projection(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projection');
    try {
      const status = await this.stream.runner.status();
      const details = {
        name: status.projection,
        state: status.state,
        behind: status.behind,
        counts: status.counts,
        ...(status.rebuildPercent !== undefined && { rebuildPercent: status.rebuildPercent }),
      };
      return status.caughtUp
        ? check.up(details)
        : check.down({ ...details, reason: `${status.behind} positions behind (${status.state})` });
    } catch (error) {
      return check.down({ reason: errorMessage(error) });
    }
  }
}
