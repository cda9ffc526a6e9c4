import { type PgQueryable, query } from './pg-database.js';
import type { PgMigration } from './pg-migrations.js';

/** Requests counted per key in fixed windows, shared by every instance on the database. */
export const RATE_LIMIT_TABLE: PgMigration = {
  name: '005_rate_limits',
  sql: `
    CREATE TABLE rate_limit_hits (key TEXT NOT NULL, window_start BIGINT NOT NULL, hits INTEGER NOT NULL,
      PRIMARY KEY (key, window_start));
    CREATE INDEX rate_limit_hits_window ON rate_limit_hits(window_start);
  `,
};

/** One request counted: how many the key has made in the current window, and when it ends. */
export interface RateHit {
  count: number;
  resetInMs: number;
}

/**
 * Rate limits across instances: each request is one UPSERT on (key, window) that returns the
 * window's count, so N instances behind a load balancer grant a client its budget once, not N
 * times. Fixed windows: a client can spend up to twice its budget across a window boundary, as
 * with the in-memory limiter's windows.
 */
export class PgRateCounter {
  readonly #db: PgQueryable;
  /** The last window this instance swept old rows before; once per window is enough. */
  #swept = -1;

  constructor(db: PgQueryable) {
    this.#db = db;
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<RateHit> {
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
    if (windowStart !== this.#swept) {
      this.#swept = windowStart;
      await query(this.#db, 'DELETE FROM rate_limit_hits WHERE window_start < $1', [windowStart]);
    }
    const { rows } = await query<{ hits: number }>(
      this.#db,
      `INSERT INTO rate_limit_hits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING hits`,
      [key, windowStart],
    );
    return { count: rows[0]?.hits ?? 1, resetInMs: windowStart + windowMs - nowMs };
  }
}
