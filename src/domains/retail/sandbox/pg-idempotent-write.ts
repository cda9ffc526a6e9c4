import type pg from 'pg';
import { PermanentToolError } from '../../../errors.js';
import { inTransaction, type PgPool } from '../../../store/pg-database.js';

/**
 * A sandbox write on PostgreSQL, taking effect once per key: the key is looked up and recorded in
 * the transaction of the change, under an advisory lock on the key, so a repeated call returns the
 * first call's result and changes nothing, whichever instance it reaches. Unlike the SQLite shop,
 * the transaction spans awaits: a timeout that fires meanwhile does not undo it, as with a remote
 * payment API, and the retry with the same key gets the recorded result.
 */
export function pgIdempotentWrite<T>(
  pool: PgPool,
  write: { operation: string; key: string; at: string },
  change: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const { operation, key, at } = write;
  return inTransaction(pool, async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shop:${key}`]);
    const { rows } = await db.query<{ operation: string; result_json: string }>(
      'SELECT operation, result_json FROM shop_idempotency WHERE key = $1',
      [key],
    );
    const seen = rows[0];
    if (seen) {
      if (seen.operation !== operation) {
        throw new PermanentToolError(
          `Idempotency key "${key}" was already used for ${seen.operation}, not ${operation}`,
        );
      }
      return JSON.parse(seen.result_json) as T;
    }
    const result = await change(db);
    await db.query('INSERT INTO shop_idempotency VALUES ($1, $2, $3, $4)', [
      key,
      operation,
      JSON.stringify(result),
      at,
    ]);
    return result;
  });
}
