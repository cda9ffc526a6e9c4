import { PermanentToolError } from '../../../errors.js';
import { lockKey, one, run, type Sql } from './shop-sql.js';

/**
 * Runs `change` once per idempotency key: the key is locked, looked up and recorded in the
 * transaction of the change, so a repeated call returns the first call's result and changes
 * nothing, whichever instance it reaches, as a payment API does. A key reused for another
 * operation is refused.
 */
export function* idempotentWrite<T>(
  write: { operation: string; key: string; at: string },
  change: () => Sql<T>,
): Sql<T> {
  yield* lockKey(`shop:${write.key}`);
  const seen = yield* findWrite(write.key);
  if (seen) {
    if (seen.operation !== write.operation) {
      throw new PermanentToolError(
        `Idempotency key "${write.key}" was already used for ${seen.operation}, not ${write.operation}`,
      );
    }
    return seen.result as T;
  }
  const result = yield* change();
  yield* run(
    'INSERT INTO shop_idempotency (key, operation, result_json, created_at) VALUES (?, ?, ?, ?)',
    write.key,
    write.operation,
    JSON.stringify(result),
    write.at,
  );
  return result;
}

/** The operation a key was used for and the result it answered, or null when none took effect. */
export function* findWrite(key: string): Sql<{ operation: string; result: unknown } | null> {
  const row = yield* one('SELECT operation, result_json FROM shop_idempotency WHERE key = ?', key);
  return row ? { operation: row.operation as string, result: JSON.parse(row.result_json as string) } : null;
}
