import { PermanentToolError } from '../../../errors.js';
import type { Address, InventoryItem, Order, OrderStatus } from '../shop.js';
import { paymentsOf } from './sandbox-payments.js';
import { toOrder } from './sandbox-rows.js';
import { all, lockOne, one, run, type Sql } from './shop-sql.js';

/**
 * The order with its items; with a `customerId`, only if it is that customer's. With `lock`, the
 * order's row is locked for the write, so two instances writing to one order take turns.
 */
export function* findOrder(orderId: string, customerId: string | null, lock = false): Sql<Order | null> {
  const sql = 'SELECT * FROM shop_orders WHERE id = ? AND (CAST(? AS TEXT) IS NULL OR customer_id = ?)';
  const row = yield* (lock ? lockOne : one)(sql, orderId, customerId, customerId);
  if (!row) return null;
  const items = yield* all(
    `SELECT i.*, COALESCE(p.product_id, i.sku) AS product_id, p.options_json FROM shop_order_items i
     LEFT JOIN shop_products p ON p.sku = i.sku WHERE i.order_id = ? ORDER BY i.sku`,
    orderId,
  );
  const payments = yield* paymentsOf(orderId);
  return { ...toOrder(row, items), ...(payments.length > 0 ? { payments } : {}) };
}

/** An order as it stands within a write's transaction (it is known to exist). */
export function* reloadOrder(orderId: string): Sql<Order> {
  return (yield* findOrder(orderId, null)) as Order;
}

/** For writes, with the order's row lock: another customer's order is reported exactly like a missing one. */
export function* requireOrder(customerId: string, orderId: string): Sql<Order> {
  const order = yield* findOrder(orderId, customerId, true);
  if (!order) {
    throw new PermanentToolError(`Order ${orderId} was not found on this account`, {
      details: { orderId, customerId },
    });
  }
  return order;
}

/** The customer's orders, newest first. */
export function* ordersOf(customerId: string): Sql<Order[]> {
  const rows = yield* all(
    'SELECT id FROM shop_orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC',
    customerId,
  );
  const orders: Order[] = [];
  for (const row of rows) {
    const order = yield* findOrder(row.id as string, customerId);
    if (order) orders.push(order);
  }
  return orders;
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

export function* cancelPlacedOrder(order: Order): Sql<Order> {
  requirePlaced(order, 'and can no longer be cancelled');
  yield* run(`UPDATE shop_orders SET status = 'cancelled' WHERE id = ?`, order.id);
  return { ...order, status: 'cancelled' };
}

export function* readdressPlacedOrder(order: Order, address: Address): Sql<Order> {
  requirePlaced(order, 'and its shipping address can no longer be changed');
  yield* run('UPDATE shop_orders SET address_json = ? WHERE id = ?', JSON.stringify(address), order.id);
  return { ...order, shippingAddress: address };
}

/** Moves the order's items with these skus to `state`; every sku must be on the order. */
export function* setInventory(
  orderId: string,
  skus: string[],
  state: InventoryItem['state'],
): Sql<InventoryItem[]> {
  if (skus.length === 0) {
    throw new PermanentToolError(`No items given to mark ${state} on order ${orderId}`, {
      details: { orderId },
    });
  }
  const unknown: string[] = [];
  for (const sku of skus) {
    const sql = 'UPDATE shop_order_items SET inventory_state = ? WHERE order_id = ? AND sku = ?';
    if ((yield* run(sql, state, orderId, sku)) === 0) unknown.push(sku);
  }
  // Throwing inside the caller's transaction rolls back the skus that did match.
  if (unknown.length > 0) {
    throw new PermanentToolError(`Order ${orderId} has no item ${unknown.join(', ')}`, {
      details: { orderId, unknown },
    });
  }
  return skus.map((sku) => ({ sku, state }));
}
