import { RunningProduct } from '../../src/running-product';
import { call } from './http-client';

/** What one submission came to: the ticket, or why it was not accepted. */
export type Submission = { accepted: true; ticketId: string } | { accepted: false; why: string };

/**
 * An integrator of the running product: an API key created through intake's admin API, and
 * tickets submitted the way an ERP would, each under its own idempotency key.
 */
export class Integrator {
  private constructor(
    private readonly product: RunningProduct,
    readonly apiKey: string,
    /** The first category of the contact guide. */
    readonly category: string,
  ) {}

  static async register(product: RunningProduct, name: string): Promise<Integrator> {
    const key = await call('POST', product.url('intake', '/api/v1/admin/integrator-keys'), {
      token: product.secrets.ADMIN_API_TOKEN,
      body: { name },
    });
    if (key.status !== 201) throw new Error(`no integrator key: ${key.status}`);
    const apiKey = key.body.key as string;
    const guide = await call('GET', product.url('intake', '/api/v1/contact-guide'), { apiKey });
    const category = (guide.body.categories?.[0]?.id ?? guide.body[0]?.id) as string | undefined;
    if (!category) throw new Error(`no category in the contact guide: ${JSON.stringify(guide)}`);
    return new Integrator(product, apiKey, category);
  }

  /**
   * One attempt at submitting ticket `index`. The idempotency key is the topic and the index: a
   * retried submission is the same ticket, never a second one.
   */
  async trySubmit(index: number): Promise<Submission> {
    try {
      const answer = await call('POST', this.product.url('intake', '/api/v1/tickets'), {
        apiKey: this.apiKey,
        body: {
          requester: { name: `Requester ${index}`, email: `requester-${index}@example.com` },
          channel: 'api',
          category: this.category,
          summary: `Ticket ${index}`,
          description: `Ticket ${index}, submitted by a test of the running product.`,
          impact: 'medium',
          urgency: 'medium',
        },
        headers: { 'idempotency-key': `${this.product.topic}-${index}` },
      });
      if (answer.status === 201 || answer.status === 200) {
        return { accepted: true, ticketId: answer.body.id as string };
      }
      return { accepted: false, why: `${answer.status} ${JSON.stringify(answer.body)}` };
    } catch (error) {
      return { accepted: false, why: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Submits ticket `index`, trying again (same key) after a 5xx or no answer; its id. */
  async submit(index: number, attempts = 3): Promise<string> {
    let last: Submission | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      last = await this.trySubmit(index);
      if (last.accepted) return last.ticketId;
      if (/^4\d\d /.test(last.why)) break;
    }
    throw new Error(`ticket ${index} was not accepted: ${last && !last.accepted ? last.why : ''}`);
  }

  /** Submits `count` tickets from `firstIndex` on, `concurrency` at a time; their ids in index order. */
  async submitMany(firstIndex: number, count: number, concurrency = 8): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let offset = next++; offset < count; offset = next++) {
        ids[offset] = await this.submit(firstIndex + offset);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return ids;
  }
}
