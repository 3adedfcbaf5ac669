const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/**
 * Is this a failure of the infrastructure (worth retrying the whole batch) rather than of the
 * event? A transient error never sends an event to the dead letters.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const withCode = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  const raw = withCode.driverError?.code ?? withCode.code;
  const code = typeof raw === 'string' ? raw : '';
  if (transientCodes.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(
    error.message,
  );
}
