import { JwtService } from '@nestjs/jwt';
import { TechnicianTokens } from '@helpdesk/event-log-nest';
import { RunningProduct, ServiceName } from '@helpdesk/launcher';
import { HttpClient } from './http-client';

/** The running product and what the stages need to talk to it as integrators and operators do. */
export interface BenchProduct {
  product: RunningProduct;
  http: HttpClient;
  /** An integrator key made through intake's admin API. */
  apiKey: string;
  integratorId: string;
  /** The contact guide's first category: every ticket uses it. */
  category: string;
  /** A level-1 technician's session token, for reading the level-1 read model. */
  technicianToken: string;
  /** GET /internal/v1/read-model of a service. */
  readModel(service: ServiceName): Promise<ReadModelStatus>;
}

export interface ReadModelStatus {
  state: 'stopped' | 'running' | 'rebuilding';
  behind: number;
  caughtUp: boolean;
  rebuildPercent?: number;
  counts: { applied: number; skippedDuplicates: number; deadLettered: number };
}

/** Creates the integrator key and the technician token, and reads the contact guide. */
export async function prepareProduct(product: RunningProduct): Promise<BenchProduct> {
  const http = new HttpClient(16);
  const admin = { authorization: `Bearer ${product.secrets.ADMIN_API_TOKEN}` };
  const key = await http.request<{ id: string; key: string }>(
    'POST',
    product.url('intake', '/api/v1/admin/integrator-keys'),
    { headers: admin, body: { name: 'bench' } },
  );
  if (key.status !== 201) throw new Error(`creating an integrator key answered ${key.status}`);
  const guide = await http.request<{ categories: { id: string }[] }>(
    'GET',
    product.url('intake', '/api/v1/contact-guide'),
    { headers: { 'x-api-key': key.body.key } },
  );
  const category = guide.body.categories[0]?.id;
  if (!category) throw new Error('the contact guide has no category');
  const tokens = new TechnicianTokens(
    new JwtService({ secret: product.secrets.AUTH_SECRET, signOptions: { algorithm: 'HS256' } }),
  );
  const technicianToken = await tokens.issue({
    id: 'bench.l1',
    name: 'Bench',
    level: 'L1',
    supervisor: false,
  });
  const internal = { authorization: `Bearer ${product.secrets.INTERNAL_API_TOKEN}` };
  return {
    product,
    http,
    apiKey: key.body.key,
    integratorId: key.body.id,
    category,
    technicianToken,
    readModel: async (service) => {
      const answer = await http.request<ReadModelStatus>(
        'GET',
        product.url(service, '/internal/v1/read-model'),
        { headers: internal },
      );
      if (answer.status !== 200) {
        throw new Error(`${service} GET /internal/v1/read-model answered ${answer.status}`);
      }
      return answer.body;
    },
  };
}
