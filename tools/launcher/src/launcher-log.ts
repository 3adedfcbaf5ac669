import { label } from './output';
import { ReadinessProgress } from './readiness';

/** The launcher's own lines, behind `[launcher]`. */
export function say(line: string): void {
  process.stdout.write(`${label('launcher')} ${line}\n`);
}

export function complain(line: string): void {
  process.stderr.write(`${label('launcher')} ${line}\n`);
}

export function reportProgress({ ready, pending }: ReadinessProgress): void {
  if (pending.length === 0) return; // the launcher sums up next
  const readyPart = ready.length > 0 ? `: ${ready.join(', ')}` : '';
  const waiting = pending.map((entry) => entry.name).join(', ');
  say(`ready ${ready.length}/${ready.length + pending.length}${readyPart}; waiting for ${waiting}`);
}

export function reportStillWaiting({ pending }: ReadinessProgress): void {
  say(`still waiting for ${pending.map((entry) => `${entry.name} (${entry.reason})`).join(', ')}`);
}

export function secondsSince(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
