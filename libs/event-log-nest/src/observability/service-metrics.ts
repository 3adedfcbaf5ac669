import { ProjectionRunner } from '@helpdesk/event-log';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { OutboxRelay, errorMessage, readOutboxBacklog } from '@helpdesk/event-log';
import { DatabaseSettings } from '../event-log.settings';
import { ProjectionLagClock } from './projection-lag-clock';

/**
 * The service's Prometheus metrics, in a registry of its own. Counters and the HTTP histogram
 * count in this process; the lag, backlog and dead-letter gauges are read from the log and the
 * database on each scrape, so every replica of a service shows the same figures for them.
 */
@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(ServiceMetrics.name);

  readonly httpRequestDuration = new Histogram({
    name: 'helpdesk_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code, until the response is sent',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  private readonly applied = this.counter(
    'helpdesk_projection_events_applied_total',
    "Events the projection applied to the service's read model (from the log or a replay)",
  );
  private readonly skipped = this.counter(
    'helpdesk_projection_events_skipped_total',
    'Events the projection skipped as already applied (redelivered, or its own commands)',
  );
  private readonly deadLettered = this.counter(
    'helpdesk_projection_events_dead_lettered_total',
    'Events the projection sent to the dead letters',
  );
  private readonly lagPositions = this.gauge(
    'helpdesk_projection_lag_positions',
    "Positions between the projection's checkpoints and the end of the log, over all partitions (on Kafka, events; on the PostgreSQL log, whose positions are global, at least the events)",
    ['projection'],
  );
  private readonly lagSeconds = this.gauge(
    'helpdesk_projection_lag_seconds',
    'How far the projection trails the log in time: 0 when caught up, else an upper bound of the age of the oldest event it has not reached',
    ['projection'],
  );
  private readonly groupLag = this.gauge(
    'helpdesk_consumer_group_lag_positions',
    "Per partition, the end of the log minus the projection's checkpoint (on Kafka, its consumer group's committed offset)",
    ['projection', 'partition'],
  );
  private readonly unresolvedDeadLetters = this.gauge(
    'helpdesk_dead_letters_unresolved',
    "The projection's dead letters no replay has resolved yet",
    ['projection'],
  );
  private readonly outboxBacklog = this.gauge(
    'helpdesk_outbox_backlog_events',
    'Events the service stored in its outbox and the relay has not put on the log yet',
    ['schema'],
  );
  private readonly outboxOldestAge = this.gauge(
    'helpdesk_outbox_oldest_event_age_seconds',
    'Since the oldest event of the outbox backlog was stored; 0 when there is none',
    ['schema'],
  );
  private readonly outboxPublished = new Counter({
    name: 'helpdesk_outbox_published_events_total',
    help: "Events this process's outbox relay put on the log",
    registers: [this.registry],
  });

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly dataSource: DataSource,
    private readonly database: DatabaseSettings,
    private readonly relay: OutboxRelay,
    private readonly lagClock: ProjectionLagClock,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition, with the gauges read now. */
  async scrape(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  private async refresh(): Promise<void> {
    const { runner } = this;
    const projection = { projection: runner.name };
    setCounter(this.applied, projection, runner.counts.applied);
    setCounter(this.skipped, projection, runner.counts.skippedDuplicates);
    setCounter(this.deadLettered, projection, runner.counts.deadLettered);
    setCounter(this.outboxPublished, {}, this.relay.published);

    await Promise.all([
      this.read('the projection lag', [this.lagPositions, this.lagSeconds, this.groupLag], () =>
        this.readLag(projection),
      ),
      this.read('the outbox backlog', [this.outboxBacklog, this.outboxOldestAge], () =>
        this.readOutbox(),
      ),
      this.read('the dead letters', [this.unresolvedDeadLetters], async () => {
        const { count } = await runner.listDeadLetters({ limit: 0 });
        this.unresolvedDeadLetters.set(projection, count);
      }),
    ]);
  }

  private async readLag(projection: { projection: string }): Promise<void> {
    const readAt = Date.now();
    const lag = await this.runner.partitionLag();
    this.lagPositions.set(
      projection,
      lag.reduce((sum, partition) => sum + partition.lag, 0),
    );
    for (const { partition, lag: behind } of lag) {
      this.groupLag.set({ ...projection, partition: String(partition) }, behind);
    }
    const seconds = this.lagClock.lagSeconds(lag, readAt);
    if (seconds !== undefined) this.lagSeconds.set(projection, seconds);
  }

  private async readOutbox(): Promise<void> {
    const schema = this.database.DATABASE_SCHEMA;
    const backlog = await readOutboxBacklog(this.dataSource.manager, schema);
    this.outboxBacklog.set({ schema }, backlog.events);
    this.outboxOldestAge.set({ schema }, backlog.oldestAgeSeconds);
  }

  /** A figure that cannot be read now is left out of this scrape rather than shown stale. */
  private async read(what: string, gauges: Gauge[], update: () => Promise<void>): Promise<void> {
    gauges.forEach((gauge) => gauge.reset());
    try {
      await update();
    } catch (error) {
      this.logger.warn(`could not read ${what}: ${errorMessage(error)}`);
    }
  }

  private counter(name: string, help: string): Counter<'projection'> {
    return new Counter({ name, help, labelNames: ['projection'], registers: [this.registry] });
  }

  private gauge<Label extends string>(
    name: string,
    help: string,
    labelNames: Label[],
  ): Gauge<Label> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}

/** Counts kept elsewhere (the runner's, the relay's), shown as the counter's value. */
function setCounter<Label extends string>(
  counter: Counter<Label>,
  labels: Partial<Record<Label, string>>,
  value: number,
): void {
  counter.reset();
  counter.inc(labels, value);
}
