import { ProjectionRunner } from '@helpdesk/event-log';
import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
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

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Readiness');
  /** The checks failing at the last probe, as logged. */
  private lastReadiness?: string;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly runner: ProjectionRunner,
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
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database'),
        () => this.eventLog(),
        () => this.projection(),
      ]);
      this.logReadiness({});
      return result;
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        this.logReadiness((error.getResponse() as Partial<HealthCheckResult>).error ?? {});
      }
      throw error;
    }
  }

  /**
   * Probes come every few seconds from every orchestrator and test: a line when the set of
   * failing checks changes says more than one per probe (and keeps the cause in a short tail).
   */
  private logReadiness(failing: Partial<HealthIndicatorResult>): void {
    const failingChecks = Object.keys(failing).sort().join(',');
    if (failingChecks === this.lastReadiness) return;
    this.lastReadiness = failingChecks;
    if (failingChecks === '') {
      this.logger.log('ready');
      return;
    }
    const reasons = Object.entries(failing).map(([check, details]) => {
      const { reason, message } = (details ?? {}) as { reason?: string; message?: string };
      return `${check}: ${reason ?? message ?? 'down'}`;
    });
    this.logger.warn(`not ready: ${reasons.join('; ')}`);
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
      const status = await this.runner.status();
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
