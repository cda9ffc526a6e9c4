import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { LineChange } from '../exchanges.js';
import { changeLine, type Lines, requirePlaced, requireQuotedDifference } from '../order-changes.js';
import type { Payment, PaymentMethod } from '../payments.js';
import type { Order, OrderChange, OrderItem } from '../shop.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { mainMethodOf, movePayment, paymentsOf, requireMethod } from './sandbox-payments.js';
import type { Row } from './sandbox-rows.js';
import { runOnSqlite } from './sqlite-shop-database.js';

/** Applies one line change to the lines, taking and putting back stock; refuses what cannot be. */
function applyChange(db: SqliteDatabase, order: Order, lines: Lines, change: LineChange): void {
  const product = change.newSku === null ? null : runOnSqlite(db, productOfSku(change.sku));
  const moved = changeLine(order, lines, change, product);
  runOnSqlite(db, putBackStock(moved.putBack.sku, moved.putBack.quantity));
  if (moved.take) runOnSqlite(db, takeStock(moved.take.sku, moved.take.quantity));
}

function writeLines(db: SqliteDatabase, orderId: string, lines: OrderItem[]): number {
  db.prepare('DELETE FROM shop_order_items WHERE order_id = ?').run(orderId);
  const insert = db.prepare(`INSERT INTO shop_order_items VALUES (?, ?, ?, ?, ?, ?, 'sold')`);
  for (const l of lines)
    insert.run(orderId, l.sku, l.name, l.quantity, l.unitPriceCents, l.finalSale ? 1 : 0);
  const total = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  db.prepare('UPDATE shop_orders SET total_cents = ? WHERE id = ?').run(total, orderId);
  return total;
}

function remember(db: SqliteDatabase, changeId: string, order: Order, payments: Payment[], at: string): void {
  db.prepare(`INSERT INTO shop_order_changes VALUES (?, ?, ?, ?, ?, 'applied', ?)`).run(
    changeId,
    order.id,
    JSON.stringify(order.items),
    JSON.stringify(payments),
    order.totalCents,
    at,
  );
}

/**
 * Swaps variants or removes units of an unshipped order and settles the difference with the
 * chosen method (default: the one that paid). Leaving the order empty is refused: that is a cancel.
 */
export function changeLines(
  db: SqliteDatabase,
  req: {
    changeId: string;
    order: Order;
    customerId: string;
    changes: LineChange[];
    methodId: string | null;
    differenceCents?: number | undefined;
    at: string;
  },
  reload: () => Order,
): OrderChange {
  const { order } = req;
  requirePlaced(order);
  const lines: Lines = new Map(order.items.map((i) => [i.sku, { ...i }]));
  for (const change of req.changes) applyChange(db, order, lines, change);
  if (lines.size === 0) {
    throw new PermanentToolError(`That would leave ${order.id} empty; cancelling the order does that`, {
      details: { orderId: order.id, empty: true },
    });
  }
  const before = runOnSqlite(db, paymentsOf(order.id));
  remember(db, req.changeId, order, before, req.at);
  const total = writeLines(db, order.id, [...lines.values()]);
  const difference = total - order.totalCents;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? runOnSqlite(db, mainMethodOf(order.id));
  let label: string | null = null;
  if (difference !== 0 && methodId) {
    const method = runOnSqlite(db, requireMethod(req.customerId, methodId));
    runOnSqlite(
      db,
      movePayment({
        orderId: order.id,
        method,
        amountCents: difference,
        reason: 'order changed',
        at: req.at,
      }),
    );
    label = method.label;
  }
  const settlement = {
    differenceCents: difference,
    currency: order.currency,
    methodId: label ? methodId : null,
    methodLabel: label,
  };
  return {
    changeId: req.changeId,
    order: reload(),
    previousItems: order.items,
    previousPayments: before,
    settlement,
  };
}

/** Moves what the unshipped order was paid with onto another method (a gift card up to its balance). */
export function changePayer(
  db: SqliteDatabase,
  req: { changeId: string; order: Order; customerId: string; methodId: string; at: string },
  reload: () => Order,
): OrderChange {
  const { order } = req;
  requirePlaced(order);
  const method = runOnSqlite(db, requireMethod(req.customerId, req.methodId));
  const before = runOnSqlite(db, paymentsOf(order.id));
  remember(db, req.changeId, order, before, req.at);
  for (const move of payerMoves(order, before, method)) {
    const to =
      move.methodId === method.methodId
        ? method
        : runOnSqlite(db, requireMethod(req.customerId, move.methodId));
    runOnSqlite(
      db,
      movePayment({
        orderId: order.id,
        method: to,
        amountCents: move.amountCents,
        reason: 'payment method changed',
        at: req.at,
      }),
    );
  }
  db.prepare('UPDATE shop_orders SET payment_method_id = ? WHERE id = ?').run(method.methodId, order.id);
  const settlement = {
    differenceCents: 0,
    currency: order.currency,
    methodId: method.methodId,
    methodLabel: method.label,
  };
  return {
    changeId: req.changeId,
    order: reload(),
    previousItems: order.items,
    previousPayments: before,
    settlement,
  };
}

/**
 * The payments that move an order onto `method`: it is charged first, then the others are paid
 * back. A gift card pays what its balance covers; the rest stays where it was, largest payer last.
 * Shared with PostgreSQL.
 */
export function payerMoves(
  order: Order,
  before: Payment[],
  method: PaymentMethod,
): { methodId: string; amountCents: number }[] {
  const others = before.filter((p) => p.methodId !== method.methodId);
  const owed = others.reduce((sum, p) => sum + p.amountCents, 0);
  const balance = method.kind === 'gift_card' ? (method.balanceCents ?? 0) : owed;
  let moving = Math.min(owed, balance);
  if (moving === 0) {
    throw new PermanentToolError(`${method.label} cannot pay any of ${order.id}`, {
      details: { orderId: order.id, methodId: method.methodId },
    });
  }
  const moves = [{ methodId: method.methodId, amountCents: moving }];
  for (const p of [...others].sort((a, b) => a.amountCents - b.amountCents)) {
    const back = Math.min(p.amountCents, moving);
    if (back === 0) break;
    moves.push({ methodId: p.methodId, amountCents: -back });
    moving -= back;
  }
  return moves;
}

/** Puts the lines, stock and payments of an order back as they were before a change. */
export function revertChange(
  db: SqliteDatabase,
  changeId: string,
  reload: (orderId: string) => Order,
  at: string,
): Order {
  const row = db.prepare('SELECT * FROM shop_order_changes WHERE id = ?').get(changeId) as Row | undefined;
  if (!row)
    throw new PermanentToolError(`Order change ${changeId} does not exist`, { details: { changeId } });
  const orderId = row.order_id as string;
  if (row.status === 'reverted') return reload(orderId);
  const current = reload(orderId);
  for (const l of current.items) runOnSqlite(db, putBackStock(l.sku, l.quantity));
  const items = JSON.parse(row.items_json as string) as OrderItem[];
  for (const l of items) runOnSqlite(db, takeStock(l.sku, l.quantity));
  writeLines(db, orderId, items);
  const wanted = new Map(
    (JSON.parse(row.payments_json as string) as Payment[]).map((p) => [p.methodId, p.amountCents]),
  );
  const now = runOnSqlite(db, paymentsOf(orderId));
  for (const id of new Set([...wanted.keys(), ...now.map((p) => p.methodId)])) {
    const delta = (wanted.get(id) ?? 0) - (now.find((p) => p.methodId === id)?.amountCents ?? 0);
    if (delta === 0) continue;
    const method = runOnSqlite(db, requireMethod(current.customerId, id));
    // Putting money back on a gift card always fits; taking it back is what was there before.
    db.prepare(
      'UPDATE shop_payment_methods SET balance_cents = balance_cents - ? WHERE id = ? AND kind = ?',
    ).run(delta, id, 'gift_card');
    db.prepare('INSERT INTO shop_payments VALUES (?, ?, ?, ?, ?)').run(
      orderId,
      method.methodId,
      delta,
      'change undone',
      at,
    );
  }
  db.prepare(`UPDATE shop_order_changes SET status = 'reverted' WHERE id = ?`).run(changeId);
  return reload(orderId);
}
