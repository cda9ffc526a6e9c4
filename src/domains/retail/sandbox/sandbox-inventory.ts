import type { SqliteDatabase } from '../../../store/database.js';
import type { InventoryItem } from '../shop.js';
import { setInventory } from './sandbox-orders.js';

/**
 * Items on their way back, and which writes marked each (their idempotency keys). Undoing one
 * write's mark takes only that mark away; an item goes back to sold when no mark is left, so a
 * return that compensates cannot put back items another return still counts on.
 */

/** Marks the items returning for the write `key`; every sku must be on the order. */
export function markReturning(
  db: SqliteDatabase,
  orderId: string,
  skus: string[],
  key: string,
): InventoryItem[] {
  const items = setInventory(db, orderId, skus, 'returning');
  const mark = db.prepare(
    'INSERT INTO shop_inventory_marks (order_id, sku, mark_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const sku of skus) mark.run(orderId, sku, key);
  return items;
}

/**
 * Takes the mark of `markedBy` (the key of the write being undone) off the items, and puts back to
 * sold those it was on that no other write's mark holds; answers those put back. Without
 * `markedBy`, every item and every mark, as before marks were kept.
 */
export function restoreMarked(
  db: SqliteDatabase,
  { orderId, skus, markedBy }: { orderId: string; skus: string[]; markedBy?: string },
): InventoryItem[] {
  const unmark = db.prepare(
    'DELETE FROM shop_inventory_marks WHERE order_id = ? AND sku = ? AND (? IS NULL OR mark_key = ?)',
  );
  const others = db.prepare('SELECT 1 FROM shop_inventory_marks WHERE order_id = ? AND sku = ?');
  const mine = skus.filter((sku) => {
    const removed = unmark.run(orderId, sku, markedBy ?? null, markedBy ?? null).changes > 0;
    return markedBy === undefined || (removed && others.get(orderId, sku) === undefined);
  });
  return mine.length === 0 ? [] : setInventory(db, orderId, mine, 'sold');
}

/** Puts an item back to sold whoever marked it (an exchange cancelled: the line is the customer's again). */
export function clearMarks(db: SqliteDatabase, orderId: string, sku: string): void {
  db.prepare('DELETE FROM shop_inventory_marks WHERE order_id = ? AND sku = ?').run(orderId, sku);
  db.prepare(`UPDATE shop_order_items SET inventory_state = 'sold' WHERE order_id = ? AND sku = ?`).run(
    orderId,
    sku,
  );
}
