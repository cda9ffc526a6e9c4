import { PermanentToolError } from '../../../errors.js';
import type { PgQueryable } from '../../../store/pg-database.js';
import type { LineChange } from '../exchanges.js';
import { changeLine, type Lines, requirePlaced, requireQuotedDifference } from '../order-changes.js';
import type { Payment } from '../payments.js';
import type { Order, OrderChange, OrderItem } from '../shop.js';
import { one } from './pg-sandbox-sql.js';
import { runOnClient } from './pg-shop-database.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { payerMoves } from './sandbox-order-changes.js';
import { mainMethodOf, movePayment, paymentsOf, requireMethod } from './sandbox-payments.js';

/**
 * Changes to unshipped orders on PostgreSQL, the twin of sandbox-order-changes: the same line
 * rules (`changeLine`) and payer moves (`payerMoves`); the order's row lock, taken by
 * `requireOrder`, keeps two changes of one order on two instances apart.
 */

type Reload = (orderId: string) => Promise<Order>;

async function writeLines(db: PgQueryable, orderId: string, lines: OrderItem[]): Promise<number> {
  await db.query('DELETE FROM shop_order_items WHERE order_id = $1', [orderId]);
  for (const l of lines)
    await db.query(
      `INSERT INTO shop_order_items (order_id, sku, name, quantity, unit_price_cents, final_sale, inventory_state)
       VALUES ($1, $2, $3, $4, $5, $6, 'sold')`,
      [orderId, l.sku, l.name, l.quantity, l.unitPriceCents, l.finalSale ? 1 : 0],
    );
  const total = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  await db.query('UPDATE shop_orders SET total_cents = $1 WHERE id = $2', [total, orderId]);
  return total;
}

async function remember(db: PgQueryable, changeId: string, order: Order, payments: Payment[], at: string) {
  await db.query(
    `INSERT INTO shop_order_changes (id, order_id, items_json, payments_json, total_cents, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'applied', $6)`,
    [changeId, order.id, JSON.stringify(order.items), JSON.stringify(payments), order.totalCents, at],
  );
}

/** Swaps variants or removes units of an unshipped order and settles the difference. */
export async function changeLines(
  db: PgQueryable,
  req: {
    changeId: string;
    order: Order;
    customerId: string;
    changes: LineChange[];
    methodId: string | null;
    differenceCents?: number | undefined;
    at: string;
  },
  reload: Reload,
): Promise<OrderChange> {
  const { order } = req;
  requirePlaced(order);
  const lines: Lines = new Map(order.items.map((i) => [i.sku, { ...i }]));
  for (const change of req.changes) {
    const product = change.newSku === null ? null : await runOnClient(db, productOfSku(change.sku));
    const moved = changeLine(order, lines, change, product);
    await runOnClient(db, putBackStock(moved.putBack.sku, moved.putBack.quantity));
    if (moved.take) await runOnClient(db, takeStock(moved.take.sku, moved.take.quantity));
  }
  if (lines.size === 0) {
    throw new PermanentToolError(`That would leave ${order.id} empty; cancelling the order does that`, {
      details: { orderId: order.id, empty: true },
    });
  }
  const before = await runOnClient(db, paymentsOf(order.id));
  await remember(db, req.changeId, order, before, req.at);
  const total = await writeLines(db, order.id, [...lines.values()]);
  const difference = total - order.totalCents;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? (await runOnClient(db, mainMethodOf(order.id)));
  let label: string | null = null;
  if (difference !== 0 && methodId) {
    const method = await runOnClient(db, requireMethod(req.customerId, methodId));
    const move = { orderId: order.id, method, amountCents: difference, reason: 'order changed', at: req.at };
    await runOnClient(db, movePayment(move));
    label = method.label;
  }
  const settlement = {
    differenceCents: difference,
    currency: order.currency,
    methodId: label ? methodId : null,
    methodLabel: label,
  };
  const changed = await reload(order.id);
  return {
    changeId: req.changeId,
    order: changed,
    previousItems: order.items,
    previousPayments: before,
    settlement,
  };
}

/** Moves what the unshipped order was paid with onto another method (a gift card up to its balance). */
export async function changePayer(
  db: PgQueryable,
  req: { changeId: string; order: Order; customerId: string; methodId: string; at: string },
  reload: Reload,
): Promise<OrderChange> {
  const { order } = req;
  requirePlaced(order);
  const method = await runOnClient(db, requireMethod(req.customerId, req.methodId));
  const before = await runOnClient(db, paymentsOf(order.id));
  await remember(db, req.changeId, order, before, req.at);
  for (const move of payerMoves(order, before, method)) {
    const to =
      move.methodId === method.methodId
        ? method
        : await runOnClient(db, requireMethod(req.customerId, move.methodId));
    const reason = 'payment method changed';
    await runOnClient(
      db,
      movePayment({
        orderId: order.id,
        method: to,
        amountCents: move.amountCents,
        reason,
        at: req.at,
      }),
    );
  }
  await db.query('UPDATE shop_orders SET payment_method_id = $1 WHERE id = $2', [method.methodId, order.id]);
  const settlement = {
    differenceCents: 0,
    currency: order.currency,
    methodId: method.methodId,
    methodLabel: method.label,
  };
  const changed = await reload(order.id);
  return {
    changeId: req.changeId,
    order: changed,
    previousItems: order.items,
    previousPayments: before,
    settlement,
  };
}

/** Puts the lines, stock and payments of an order back as they were before a change. */
export async function revertChange(
  db: PgQueryable,
  changeId: string,
  reload: Reload,
  at: string,
): Promise<Order> {
  const row = await one(db, 'SELECT * FROM shop_order_changes WHERE id = $1 FOR UPDATE', [changeId]);
  if (!row)
    throw new PermanentToolError(`Order change ${changeId} does not exist`, { details: { changeId } });
  const orderId = row.order_id as string;
  if (row.status === 'reverted') return reload(orderId);
  await db.query('SELECT 1 FROM shop_orders WHERE id = $1 FOR UPDATE', [orderId]);
  const current = await reload(orderId);
  for (const l of current.items) await runOnClient(db, putBackStock(l.sku, l.quantity));
  const items = JSON.parse(row.items_json as string) as OrderItem[];
  for (const l of items) await runOnClient(db, takeStock(l.sku, l.quantity));
  await writeLines(db, orderId, items);
  const wanted = new Map(
    (JSON.parse(row.payments_json as string) as Payment[]).map((p) => [p.methodId, p.amountCents]),
  );
  const now = await runOnClient(db, paymentsOf(orderId));
  for (const id of new Set([...wanted.keys(), ...now.map((p) => p.methodId)])) {
    const delta = (wanted.get(id) ?? 0) - (now.find((p) => p.methodId === id)?.amountCents ?? 0);
    if (delta === 0) continue;
    const method = await runOnClient(db, requireMethod(current.customerId, id));
    // Putting money back on a gift card always fits; taking it back is what was there before.
    await db.query(
      'UPDATE shop_payment_methods SET balance_cents = balance_cents - $1 WHERE id = $2 AND kind = $3',
      [delta, id, 'gift_card'],
    );
    await db.query(
      'INSERT INTO shop_payments (order_id, method_id, amount_cents, reason, created_at) VALUES ($1, $2, $3, $4, $5)',
      [orderId, method.methodId, delta, 'change undone', at],
    );
  }
  await db.query(`UPDATE shop_order_changes SET status = 'reverted' WHERE id = $1`, [changeId]);
  return reload(orderId);
}
