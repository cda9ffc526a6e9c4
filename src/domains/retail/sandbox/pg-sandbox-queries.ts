import { PermanentToolError } from '../../../errors.js';
import type { PgQueryable } from '../../../store/pg-database.js';
import { addDays } from '../money.js';
import type { Address, Email, InventoryItem, Order, OrderRecord, ReturnLabel, Shipment } from '../shop.js';
import { refundsOf } from './pg-sandbox-refunds.js';
import { one } from './pg-sandbox-sql.js';
import { runOnClient } from './pg-shop-database.js';
import { RETURN_CARRIER, returnTrackingNumber } from './sandbox-labels.js';
import { paymentsOf } from './sandbox-payments.js';
import { type Row, toEmail, toLabel, toOrder } from './sandbox-rows.js';

/**
 * The sandbox shop's reads and writes on PostgreSQL, one function per SQLite twin in
 * sandbox-orders, -labels, -refunds, -outbox and -queries, with the same rules and messages. Writes
 * run on the client of `PgSandboxShop`'s transaction; `lock` takes the order's row lock, so two
 * instances writing to one order (two refunds) take turns.
 */

export async function findOrder(
  db: PgQueryable,
  orderId: string,
  customerId: string | null,
  lock = false,
): Promise<Order | null> {
  const row = await one(
    db,
    `SELECT * FROM shop_orders WHERE id = $1 AND ($2::text IS NULL OR customer_id = $2)${lock ? ' FOR UPDATE' : ''}`,
    [orderId, customerId],
  );
  if (!row) return null;
  const items = await db.query(
    `SELECT i.*, COALESCE(p.product_id, i.sku) AS product_id, p.options_json FROM shop_order_items i
     LEFT JOIN shop_products p ON p.sku = i.sku WHERE i.order_id = $1 ORDER BY i.sku`,
    [orderId],
  );
  const payments = await runOnClient(db, paymentsOf(orderId));
  return { ...toOrder(row, items.rows), ...(payments.length > 0 ? { payments } : {}) };
}

/** An order as it stands within a write's transaction (it is known to exist). */
export async function reloadOrder(db: PgQueryable, orderId: string): Promise<Order> {
  return (await findOrder(db, orderId, null)) as Order;
}

/** For writes, with the order's row lock: another customer's order is reported like a missing one. */
export async function requireOrder(db: PgQueryable, customerId: string, orderId: string): Promise<Order> {
  const order = await findOrder(db, orderId, customerId, true);
  if (!order) {
    throw new PermanentToolError(`Order ${orderId} was not found on this account`, {
      details: { orderId, customerId },
    });
  }
  return order;
}

export async function ordersOf(db: PgQueryable, customerId: string): Promise<Order[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM shop_orders WHERE customer_id = $1 ORDER BY placed_at DESC, id DESC',
    [customerId],
  );
  const orders: Order[] = [];
  // One after another: a client runs one query at a time.
  for (const { id } of rows) {
    const order = await findOrder(db, id, customerId);
    if (order) orders.push(order);
  }
  return orders;
}

const PAST: Record<Order['status'], string> = {
  placed: 'been placed',
  shipped: 'shipped',
  delivered: 'been delivered',
  cancelled: 'already been cancelled',
};

function requirePlaced(order: Order, consequence: string): void {
  if (order.status === 'placed') return;
  throw new PermanentToolError(`Order ${order.id} has ${PAST[order.status]} ${consequence}`, {
    details: { orderId: order.id, status: order.status },
  });
}

export async function cancelPlacedOrder(db: PgQueryable, order: Order): Promise<Order> {
  requirePlaced(order, 'and can no longer be cancelled');
  await db.query(`UPDATE shop_orders SET status = 'cancelled' WHERE id = $1`, [order.id]);
  return { ...order, status: 'cancelled' };
}

export async function readdressPlacedOrder(db: PgQueryable, order: Order, address: Address): Promise<Order> {
  requirePlaced(order, 'and its shipping address can no longer be changed');
  await db.query('UPDATE shop_orders SET address_json = $1 WHERE id = $2', [
    JSON.stringify(address),
    order.id,
  ]);
  return { ...order, shippingAddress: address };
}

export async function setInventory(
  db: PgQueryable,
  orderId: string,
  skus: string[],
  state: InventoryItem['state'],
): Promise<InventoryItem[]> {
  if (skus.length === 0) {
    throw new PermanentToolError(`No items given to mark ${state} on order ${orderId}`, {
      details: { orderId },
    });
  }
  const unknown: string[] = [];
  for (const sku of skus) {
    const { rowCount } = await db.query(
      'UPDATE shop_order_items SET inventory_state = $1 WHERE order_id = $2 AND sku = $3',
      [state, orderId, sku],
    );
    if (rowCount === 0) unknown.push(sku);
  }
  if (unknown.length > 0) {
    throw new PermanentToolError(`Order ${orderId} has no item ${unknown.join(', ')}`, {
      details: { orderId, unknown },
    });
  }
  return skus.map((sku) => ({ sku, state }));
}

/** Marks the items returning for the write `key`; see `sandbox-inventory.ts` for what a mark is for. */
export async function markReturning(
  db: PgQueryable,
  orderId: string,
  skus: string[],
  key: string,
): Promise<InventoryItem[]> {
  const items = await setInventory(db, orderId, skus, 'returning');
  for (const sku of skus) {
    await db.query(
      `INSERT INTO shop_inventory_marks (order_id, sku, mark_key) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [orderId, sku, key],
    );
  }
  return items;
}

/** Takes `markedBy`'s mark off the items; see `sandbox-inventory.ts`'s `restoreMarked`. */
export async function restoreMarked(
  db: PgQueryable,
  { orderId, skus, markedBy }: { orderId: string; skus: string[]; markedBy?: string },
): Promise<InventoryItem[]> {
  const mine: string[] = [];
  for (const sku of skus) {
    const removed = await db.query(
      'DELETE FROM shop_inventory_marks WHERE order_id = $1 AND sku = $2 AND ($3::text IS NULL OR mark_key = $3)',
      [orderId, sku, markedBy ?? null],
    );
    const others = await db.query('SELECT 1 FROM shop_inventory_marks WHERE order_id = $1 AND sku = $2', [
      orderId,
      sku,
    ]);
    if (markedBy === undefined || ((removed.rowCount ?? 0) > 0 && others.rowCount === 0)) mine.push(sku);
  }
  return mine.length === 0 ? [] : setInventory(db, orderId, mine, 'sold');
}

/** Puts an item back to sold whoever marked it (an exchange cancelled). */
export async function clearMarks(db: PgQueryable, orderId: string, sku: string): Promise<void> {
  await db.query('DELETE FROM shop_inventory_marks WHERE order_id = $1 AND sku = $2', [orderId, sku]);
  await db.query(`UPDATE shop_order_items SET inventory_state = 'sold' WHERE order_id = $1 AND sku = $2`, [
    orderId,
    sku,
  ]);
}

export async function issueLabel(
  db: PgQueryable,
  req: { labelId: string; order: Order; skus: string[]; at: string; key: string },
): Promise<ReturnLabel> {
  const { order, skus } = req;
  if (order.status !== 'delivered') {
    throw new PermanentToolError(
      `Order ${order.id} is ${order.status}; return labels are for delivered orders`,
      {
        details: { orderId: order.id, status: order.status },
      },
    );
  }
  const unknown = skus.filter((sku) => !order.items.some((item) => item.sku === sku));
  if (skus.length === 0 || unknown.length > 0) {
    throw new PermanentToolError(`Order ${order.id} has no item ${unknown.join(', ') || 'to return'}`, {
      details: { orderId: order.id, unknown },
    });
  }
  const row = await one(
    db,
    `INSERT INTO shop_return_labels (id, order_id, carrier, tracking_number, url, status, created_at,
       idempotency_key) VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) RETURNING *`,
    [
      req.labelId,
      order.id,
      RETURN_CARRIER,
      returnTrackingNumber(req.labelId),
      `https://labels.sandbox.keel.dev/${req.labelId}.pdf`,
      req.at,
      req.key,
    ],
  );
  return toLabel(row as Row);
}

export async function voidLabel(db: PgQueryable, labelId: string): Promise<ReturnLabel> {
  const row = await one(db, 'SELECT * FROM shop_return_labels WHERE id = $1 FOR UPDATE', [labelId]);
  if (!row) throw new PermanentToolError(`Return label ${labelId} does not exist`, { details: { labelId } });
  const label = toLabel(row);
  if (label.status === 'void') return label;
  await db.query(`UPDATE shop_return_labels SET status = 'void' WHERE id = $1`, [labelId]);
  return { ...label, status: 'void' };
}

export async function customerEmail(db: PgQueryable, customerId: string): Promise<string | null> {
  return (
    ((await one(db, 'SELECT email FROM shop_customers WHERE id = $1', [customerId]))?.email as string) ?? null
  );
}

export async function queueEmail(
  db: PgQueryable,
  req: {
    emailId: string;
    customerId: string;
    orderId: string | null;
    template: string;
    subject: string;
    body: string;
    at: string;
    key: string;
  },
): Promise<Email> {
  const to = await customerEmail(db, req.customerId);
  if (!to) {
    throw new PermanentToolError(`Customer ${req.customerId} has no email address on file`, {
      details: { customerId: req.customerId },
    });
  }
  const row = await one(
    db,
    `INSERT INTO shop_emails (id, customer_id, order_id, to_address, template, subject, body, status,
       created_at, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9) RETURNING *`,
    [req.emailId, req.customerId, req.orderId, to, req.template, req.subject, req.body, req.at, req.key],
  );
  return toEmail(row as Row);
}

/** Tracking for a shipped order, as `shipmentOf` gives it on SQLite. */
export async function shipmentOf(db: PgQueryable, order: Order): Promise<Shipment | null> {
  if (!order.carrier || !order.trackingNumber || !order.shippedAt) return null;
  const { rows } = await db.query<{ at: string; description: string }>(
    'SELECT at, description FROM shop_shipment_events WHERE order_id = $1 ORDER BY at, position',
    [order.id],
  );
  const delivered = order.status === 'delivered';
  return {
    orderId: order.id,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    status: delivered ? 'delivered' : 'in_transit',
    estimatedDelivery: delivered ? order.deliveredAt : addDays(new Date(order.shippedAt), 5).toISOString(),
    events: rows,
  };
}

export async function orderRecordOf(db: PgQueryable, order: Order): Promise<OrderRecord> {
  const list = async (table: string) =>
    (await db.query(`SELECT * FROM ${table} WHERE order_id = $1 ORDER BY position`, [order.id])).rows;
  const inventory = await db.query<InventoryItem>(
    'SELECT sku, inventory_state AS state FROM shop_order_items WHERE order_id = $1 ORDER BY sku',
    [order.id],
  );
  return {
    order,
    inventory: inventory.rows,
    labels: (await list('shop_return_labels')).map(toLabel),
    refunds: await refundsOf(db, order.id),
    emails: (await list('shop_emails')).map(toEmail),
  };
}
