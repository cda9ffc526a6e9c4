import { type PgQueryable, query } from './pg-database.js';
import { PG_SQL } from './pg-statements.js';
import type { StoreStats } from './workflow-records.js';

/** `PgStore.stats`: rows by status in each table and the tokens spent, read concurrently. */
export async function pgStats(db: PgQueryable): Promise<StoreStats> {
  const count = async (table: string) => {
    const sql = `SELECT status AS k, count(*)::int AS n FROM ${table} GROUP BY status`;
    const { rows } = await query<{ k: string; n: number }>(db, sql);
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  };
  const [workflows, escalations, modelCalls, tokens] = await Promise.all([
    count('workflows'),
    count('escalations'),
    count('llm_calls'),
    query<StoreStats['tokens']>(db, PG_SQL.tokens),
  ]);
  return { workflows, escalations, modelCalls, tokens: tokens.rows[0] as StoreStats['tokens'] };
}
