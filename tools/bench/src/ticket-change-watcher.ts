import { Client } from 'pg';
import { ticketChangesChannel } from '@helpdesk/event-log-nest';
import { RunningProduct, SERVICE_NAMES, ServiceName } from '@helpdesk/launcher';

export type SeenListener = (service: ServiceName, ticketId: string, at: number) => void;

/**
 * Hears, on each service's NOTIFY channel, which tickets its read model has just committed (the
 * projection announces them in the transaction that writes them), and when.
 */
export class TicketChangeWatcher {
  /** Per service: ticket id → performance.now() of the first announcement. */
  private readonly seen = new Map<ServiceName, Map<string, number>>();
  private readonly client: Client;
  private readonly serviceOf = new Map<string, ServiceName>();

  constructor(
    private readonly product: RunningProduct,
    databaseUrl: string,
    private readonly onSeen: SeenListener = () => undefined,
  ) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async start(): Promise<void> {
    this.client.on('notification', ({ channel, payload }) => {
      const at = performance.now();
      const service = this.serviceOf.get(channel);
      if (!service || !payload) return;
      const seen = this.seenBy(service);
      for (const ticketId of payload.split(',')) {
        if (seen.has(ticketId)) continue;
        seen.set(ticketId, at);
        this.onSeen(service, ticketId, at);
      }
    });
    await this.client.connect();
    for (const service of SERVICE_NAMES) {
      const channel = ticketChangesChannel(this.product.schemaOf(service));
      this.serviceOf.set(channel, service);
      await this.client.query(`LISTEN ${this.client.escapeIdentifier(channel)}`);
    }
  }

  /** The tickets a service has announced, and when. */
  seenBy(service: ServiceName): Map<string, number> {
    let seen = this.seen.get(service);
    if (!seen) this.seen.set(service, (seen = new Map<string, number>()));
    return seen;
  }

  async stop(): Promise<void> {
    await this.client.end();
  }
}
