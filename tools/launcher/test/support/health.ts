import { urlOf } from '../../src/running-product';
import { ServiceProcess } from '../../src/service-process';

export interface ProjectionCounts {
  applied: number;
  skippedDuplicates: number;
  deadLettered: number;
  behind: number;
}

interface ReadyBody {
  details?: {
    database?: { status?: string };
    eventLog?: { status?: string };
    projection?: { behind?: number; counts?: Omit<ProjectionCounts, 'behind'> };
  };
}

/** What GET /health/ready says: its status, and whether the database and the log are up. */
export async function readinessOf(
  service: ServiceProcess,
): Promise<{ status: number; database?: string; eventLog?: string }> {
  const response = await fetch(urlOf(service, '/health/ready'));
  const { details } = (await response.json()) as ReadyBody;
  return {
    status: response.status,
    database: details?.database?.status,
    eventLog: details?.eventLog?.status,
  };
}

/**
 * An instance's projection counts since it started, from GET /health/ready (its body has them,
 * 200 or 503, unless its database is unreachable: then this throws).
 */
export async function countsOf(service: ServiceProcess): Promise<ProjectionCounts> {
  const response = await fetch(urlOf(service, '/health/ready'));
  const projection = ((await response.json()) as ReadyBody).details?.projection;
  if (!projection?.counts || projection.behind === undefined) {
    throw new Error(`no projection counts from port ${service.port} (${response.status})`);
  }
  return { ...projection.counts, behind: projection.behind };
}
