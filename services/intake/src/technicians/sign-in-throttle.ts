import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseSettings } from '@helpdesk/event-log-nest';

export interface ThrottleRule {
  /** Failures allowed in one window before sign-ins are refused. */
  failures: number;
  windowSeconds: number;
}

/** Per account: 5 wrong passwords in 15 minutes; per address: 30 (a shared office NAT). */
export const SIGN_IN_LIMITS = {
  account: { failures: 5, windowSeconds: 15 * 60 },
  address: { failures: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, ThrottleRule>;

/**
 * Counts failed sign-ins per account and per client address in PostgreSQL, so that every
 * intake replica sees the same count. A window starts with its first failure.
 */
@Injectable()
export class SignInThrottle {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    database: DatabaseSettings,
  ) {
    this.table = `"${database.DATABASE_SCHEMA.replace(/"/g, '""')}".sign_in_failures`;
  }

  /** Seconds until sign-ins for these keys are allowed again; 0 when they are now. */
  async retryAfter(keys: Record<string, ThrottleRule>): Promise<number> {
    const rows: { key: string; failures: number; ends_in: string }[] = await this.dataSource.query(
      `SELECT key, failures, extract(epoch FROM window_started_at - now()) AS ends_in
       FROM ${this.table} WHERE key = ANY($1)`,
      [Object.keys(keys)],
    );
    let wait = 0;
    for (const row of rows) {
      const rule = keys[row.key];
      if (!rule || row.failures < rule.failures) continue;
      wait = Math.max(wait, Math.ceil(Number(row.ends_in) + rule.windowSeconds));
    }
    return Math.max(wait, 0);
  }

  async recordFailure(keys: Record<string, ThrottleRule>): Promise<void> {
    for (const [key, rule] of Object.entries(keys)) {
      await this.dataSource.query(
        `INSERT INTO ${this.table} AS f (key, failures, window_started_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN f.window_started_at < now() - make_interval(secs => $2)
                           THEN 1 ELSE f.failures + 1 END,
           window_started_at = CASE WHEN f.window_started_at < now() - make_interval(secs => $2)
                           THEN now() ELSE f.window_started_at END`,
        [key, rule.windowSeconds],
      );
    }
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }
}
