import path from 'node:path';
import { workspaceRoot } from './paths';

export const SERVICE_NAMES = ['intake', 'triage', 'back-office', 'specialist'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The port each service's main.ts listens on when PORT is not set. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  intake: 3000,
  triage: 3001,
  'back-office': 3002,
  specialist: 3003,
};

/** The launcher's variable that overrides a service's port: `BACK_OFFICE_PORT`. */
export function portVariable(name: ServiceName): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}

export function entryPoint(name: ServiceName): string {
  return path.join(workspaceRoot, 'services', name, 'src/main.ts');
}

/** The tsconfig @swc-node/register reads for the service: its paths map the @helpdesk libraries. */
export function serviceTsconfig(name: ServiceName): string {
  return path.join(workspaceRoot, 'services', name, 'tsconfig.json');
}
