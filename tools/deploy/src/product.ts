import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root directory. */
export const repositoryRoot = join(__dirname, '../../..');

/** The product's four deployables, as the code declares them. */
export interface ProductService {
  name: string;
  /** The port main.ts listens on when PORT is not set. */
  port: number;
  /** The versioned projection name its app.module.ts gives TicketServiceModule. */
  projection: string;
}

export const SERVICE_NAMES = ['intake', 'triage', 'back-office', 'specialist'] as const;

export function productServices(): ProductService[] {
  return SERVICE_NAMES.map((name) => {
    const source = (file: string) =>
      readFileSync(join(repositoryRoot, 'services', name, 'src', file), 'utf8');
    const port = /runTicketService\([\s\S]*,\s*(\d+)\s*\)/.exec(source('main.ts'))?.[1];
    const projection = /projection:\s*'([^']+)'/.exec(source('app.module.ts'))?.[1];
    if (!port || !projection) throw new Error(`cannot read the port or projection of ${name}`);
    return { name, port: Number(port), projection };
  });
}

/** services/<name>/package.json: what the service's image runs. */
export function servicePackage(name: string): {
  name: string;
  private?: boolean;
  scripts?: Record<string, string>;
} {
  return JSON.parse(
    readFileSync(join(repositoryRoot, 'services', name, 'package.json'), 'utf8'),
  ) as { name: string; private?: boolean; scripts?: Record<string, string> };
}
