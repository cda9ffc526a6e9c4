import type { z } from 'zod';
import type { Shop } from '../shop.js';

/**
 * What the shop did for a write sent with `key` by `operation`, parsed by the tool's own result
 * schema, or null when nothing took effect under that key.
 */
export async function recallWrite<T extends z.ZodType>(
  shop: Shop,
  operation: string,
  key: string,
  result: T,
  signal: AbortSignal,
): Promise<z.infer<T> | null> {
  const found = await shop.findWrite(key, { signal });
  if (!found || found.operation !== operation) return null;
  return result.parse(found.result);
}
