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

/**
 * Each service's V8 heap limit (node --max-old-space-size), in MiB, when its `<NAME>_HEAP_MIB`
 * is not set. What the bench's load needs, with room (docs/adr/0016): intake holds the most
 * (HTTP bodies, argon2, notifications), the tiers less. The process's RSS is this plus code,
 * young generation and buffers: the k8s memory limits leave room for that.
 */
export const DEFAULT_HEAP_MIB: Readonly<Record<ServiceName, number>> = {
  intake: 256,
  triage: 192,
  'back-office': 192,
  specialist: 192,
};

/** The smallest heap a service is given: below it NestJS does not even start. */
const MIN_HEAP_MIB = 64;

/** The launcher's variable that overrides a service's port: `BACK_OFFICE_PORT`. */
export function portVariable(name: ServiceName): string {
  return `${variablePrefix(name)}_PORT`;
}

/** The variable that overrides a service's heap limit: `BACK_OFFICE_HEAP_MIB`. */
export function heapVariable(name: ServiceName): string {
  return `${variablePrefix(name)}_HEAP_MIB`;
}

/**
 * Each service's heap limit from `<NAME>_HEAP_MIB`, else its default. A wrong value is named in
 * `problems` and the default kept.
 */
export function heapLimits(
  environment: Readonly<Record<string, string | undefined>>,
  problems: string[] = [],
): Record<ServiceName, number> {
  const limit = (name: ServiceName): number => {
    const variable = heapVariable(name);
    const raw = environment[variable];
    if (raw === undefined || raw === '') return DEFAULT_HEAP_MIB[name];
    const value = Number(raw);
    if (Number.isInteger(value) && value >= MIN_HEAP_MIB) return value;
    problems.push(
      `${variable} must be a whole number of MiB, at least ${MIN_HEAP_MIB}, got "${raw}"`,
    );
    return DEFAULT_HEAP_MIB[name];
  };
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, limit(name)])) as Record<
    ServiceName,
    number
  >;
}

/** How a service runs: compiled as its image runs it, or from its sources as `nx serve` does. */
export type ServiceRuntime = 'compiled' | 'sources';

/**
 * The variable that makes the e2e tests and the bench run the services from their sources
 * (`sources`): no build, for a tree that does not compile yet. `compiled` unless set.
 */
export const SERVICE_RUNTIME_VARIABLE = 'HELPDESK_SERVICE_RUNTIME';

export function serviceRuntimeFrom(
  environment: Readonly<Record<string, string | undefined>>,
): ServiceRuntime {
  const value = environment[SERVICE_RUNTIME_VARIABLE];
  if (value === undefined || value === '' || value === 'compiled') return 'compiled';
  if (value === 'sources') return 'sources';
  throw new Error(`${SERVICE_RUNTIME_VARIABLE} must be compiled or sources, got "${value}"`);
}

/**
 * What node runs: the main.js the production build emits (tools/deploy/build-service.js), the
 * same file the service's image starts; or its main.ts through @swc-node/register.
 */
export function entryPoint(name: ServiceName, runtime: ServiceRuntime = 'compiled'): string {
  return runtime === 'compiled'
    ? path.join(compiledDir(name), 'services', name, 'src/main.js')
    : path.join(workspaceRoot, 'services', name, 'src/main.ts');
}

/** services/<name>/dist: the production build of the service, as its image holds it. */
export function compiledDir(name: ServiceName): string {
  return path.join(workspaceRoot, 'services', name, 'dist');
}

/** The tsconfig @swc-node/register reads for the service: its paths map the @helpdesk libraries. */
export function serviceTsconfig(name: ServiceName): string {
  return path.join(workspaceRoot, 'services', name, 'tsconfig.json');
}

function variablePrefix(name: ServiceName): string {
  return name.toUpperCase().replace(/-/g, '_');
}
