import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { Address, InventoryItem, Order, OrderStatus } from '../shop.js';
import { paymentsOf } from './sandbox-payments.js';
import { type Row, toOrder } from './sandbox-rows.js';
import { runOnSqlite } from './sqlite-shop-database.js';

/** The order with its items; with a `customerId`, only if it is that customer's. */
export function findOrder(db: SqliteDatabase, orderId: string, customerId: string | null): Order | null {
  const row = db
    .prepare('SELECT * FROM shop_orders WHERE id = ? AND (? IS NULL OR customer_id = ?)')
    .get(orderId, customerId, customerId) as Row | undefined;
  if (!row) return null;
  const items = db
    .prepare(
      `SELECT i.*, COALESCE(p.product_id, i.sku) AS product_id, p.options_json FROM shop_order_items i
       LEFT JOIN shop_products p ON p.sku = i.sku WHERE i.order_id = ? ORDER BY i.sku`,
    )
    .all(orderId) as Row[];
  const payments = runOnSqlite(db, paymentsOf(orderId));
  return { ...toOrder(row, items), ...(payments.length > 0 ? { payments } : {}) };
}

/** For writes: another customer's order is reported exactly like a missing one. */
export function requireOrder(db: SqliteDatabase, customerId: string, orderId: string): Order {
  const order = findOrder(db, orderId, customerId);
  if (!order) {
    throw new PermanentToolError(`Order ${orderId} was not found on this account`, {
      details: { orderId, customerId },
    });
  }
  return order;
}

/** The customer's orders, newest first. */
export function ordersOf(db: SqliteDatabase, customerId: string): Order[] {
  const ids = db
    .prepare('SELECT id FROM shop_orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC')
    .pluck()
    .all(customerId) as string[];
  return ids.map((id) => findOrder(db, id, customerId)).filter((order): order is Order => order !== null);
}

const PAST: Record<OrderStatus, string> = {
  placed: 'been placed',
  shipped: 'shipped',
  delivered: 'been delivered',
  cancelled: 'already been cancelled',
};

/** Orders change only until they ship; after that the warehouse has them. */
function requirePlaced(order: Order, consequence: string): void {
  if (order.status === 'placed') return;
  throw new PermanentToolError(`Order ${order.id} has ${PAST[order.status]} ${consequence}`, {
    details: { orderId: order.id, status: order.status },
  });
}

export function cancelPlacedOrder(db: SqliteDatabase, order: Order): Order {
  requirePlaced(order, 'and can no longer be cancelled');
  db.prepare(`UPDATE shop_orders SET status = 'cancelled' WHERE id = ?`).run(order.id);
  return { ...order, status: 'cancelled' };
}

export function readdressPlacedOrder(db: SqliteDatabase, order: Order, address: Address): Order {
  requirePlaced(order, 'and its shipping address can no longer be changed');
  db.prepare('UPDATE shop_orders SET address_json = ? WHERE id = ?').run(JSON.stringify(address), order.id);
  return { ...order, shippingAddress: address };
}

/** Moves the order's items with these skus to `state`; every sku must be on the order. */
export function setInventory(
  db: SqliteDatabase,
  orderId: string,
  skus: string[],
  state: InventoryItem['state'],
): InventoryItem[] {
  if (skus.length === 0) {
    throw new PermanentToolError(`No items given to mark ${state} on order ${orderId}`, {
      details: { orderId },
    });
  }
  const update = db.prepare('UPDATE shop_order_items SET inventory_state = ? WHERE order_id = ? AND sku = ?');
  const unknown = skus.filter((sku) => update.run(state, orderId, sku).changes === 0);
  // Throwing inside the caller's transaction rolls back the skus that did match.
  if (unknown.length > 0) {
    throw new PermanentToolError(`Order ${orderId} has no item ${unknown.join(', ')}`, {
      details: { orderId, unknown },
    });
  }
  return skus.map((sku) => ({ sku, state }));
}
