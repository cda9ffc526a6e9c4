import type { InventoryItem } from '../shop.js';
import { setInventory } from './sandbox-orders.js';
import { one, run, type Sql } from './shop-sql.js';

/**
 * Items on their way back, and which writes marked each (their idempotency keys). Undoing one
 * write's mark takes only that mark away; an item goes back to sold when no mark is left, so a
 * return that compensates cannot put back items another return still counts on.
 */

/** Marks the items returning for the write `key`; every sku must be on the order. */
export function* markReturning(orderId: string, skus: string[], key: string): Sql<InventoryItem[]> {
  const items = yield* setInventory(orderId, skus, 'returning');
  for (const sku of skus) {
    yield* run(
      'INSERT INTO shop_inventory_marks (order_id, sku, mark_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      orderId,
      sku,
      key,
    );
  }
  return items;
}

/**
 * Takes the mark of `markedBy` (the key of the write being undone) off the items, and puts back to
 * sold those it was on that no other write's mark holds; answers those put back. Without
 * `markedBy`, every item and every mark, as before marks were kept.
 */
export function* restoreMarked({
  orderId,
  skus,
  markedBy,
}: {
  orderId: string;
  skus: string[];
  markedBy?: string;
}): Sql<InventoryItem[]> {
  const mine: string[] = [];
  for (const sku of skus) {
    const removed = yield* run(
      'DELETE FROM shop_inventory_marks WHERE order_id = ? AND sku = ? AND (CAST(? AS TEXT) IS NULL OR mark_key = ?)',
      orderId,
      sku,
      markedBy ?? null,
      markedBy ?? null,
    );
    const others = yield* one(
      'SELECT 1 FROM shop_inventory_marks WHERE order_id = ? AND sku = ?',
      orderId,
      sku,
    );
    if (markedBy === undefined || (removed > 0 && others === undefined)) mine.push(sku);
  }
  return mine.length === 0 ? [] : yield* setInventory(orderId, mine, 'sold');
}

/** Puts an item back to sold whoever marked it (an exchange cancelled: the line is the customer's again). */
export function* clearMarks(orderId: string, sku: string): Sql<void> {
  yield* run('DELETE FROM shop_inventory_marks WHERE order_id = ? AND sku = ?', orderId, sku);
  yield* run(
    `UPDATE shop_order_items SET inventory_state = 'sold' WHERE order_id = ? AND sku = ?`,
    orderId,
    sku,
  );
}
