import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, Subject, share } from 'rxjs';
import { errorMessage } from '@helpdesk/event-log';
import { DatabaseSettings } from '../event-log.settings';

/** The NOTIFY channel on which a service's projection announces the tickets it changed. */
export function ticketChangesChannel(schema: string): string {
  return `${schema}.ticket_changes`;
}

const RECONNECT_DELAY_MS = 2_000;

/**
 * The tickets whose read-model rows just changed, as committed by any replica of this service
 * (PostgreSQL LISTEN on the projection's channel). Dashboards turn it into live updates. The
 * connection is opened with the first subscriber and closed with the last.
 */
@Injectable()
export class TicketChanges implements OnApplicationShutdown {
  private readonly subject = new Subject<string[]>();
  private client?: Client;
  private subscribers = 0;
  private stopped = false;
  private readonly logger = new Logger(TicketChanges.name);
  readonly changes$: Observable<string[]>;

  constructor(private readonly settings: DatabaseSettings) {
    this.changes$ = new Observable<string[]>((subscriber) => {
      const subscription = this.subject.subscribe(subscriber);
      if (this.subscribers++ === 0) void this.listen();
      return () => {
        subscription.unsubscribe();
        if (--this.subscribers === 0) void this.unlisten();
      };
    }).pipe(share());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subject.complete();
    await this.unlisten();
  }

  private async listen(): Promise<void> {
    if (this.client || this.stopped) return;
    const client = new Client({ connectionString: this.settings.DATABASE_URL });
    this.client = client;
    client.on('notification', (message) => {
      if (message.payload) this.subject.next(message.payload.split(','));
    });
    client.on('error', (error) => this.reconnect(client, error));
    try {
      await client.connect();
      const channel = ticketChangesChannel(this.settings.DATABASE_SCHEMA);
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      this.reconnect(client, error);
    }
  }

  private reconnect(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.logger.warn(`live updates interrupted: ${errorMessage(error)}; reconnecting`);
    this.client = undefined;
    void client.end().catch(() => undefined);
    setTimeout(() => {
      if (this.subscribers > 0) void this.listen();
    }, RECONNECT_DELAY_MS).unref();
  }

  private async unlisten(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
