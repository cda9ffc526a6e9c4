import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';

/**
 * Runs `change` once per idempotency key: the key is looked up and recorded in the same
 * transaction as the change, so a repeated call returns the first call's result and changes
 * nothing, as a payment API does. A key reused for another operation is refused.
 */
export function idempotentWrite<T>(
  db: SqliteDatabase,
  write: { operation: string; key: string; at: string },
  change: () => T,
): T {
  return db
    .transaction(() => {
      const seen = db
        .prepare('SELECT operation, result_json FROM shop_idempotency WHERE key = ?')
        .get(write.key) as { operation: string; result_json: string } | undefined;
      if (seen) {
        if (seen.operation !== write.operation) {
          throw new PermanentToolError(
            `Idempotency key "${write.key}" was already used for ${seen.operation}, not ${write.operation}`,
          );
        }
        return JSON.parse(seen.result_json) as T;
      }
      const result = change();
      db.prepare('INSERT INTO shop_idempotency VALUES (?, ?, ?, ?)').run(
        write.key,
        write.operation,
        JSON.stringify(result),
        write.at,
      );
      return result;
    })
    .immediate();
}
