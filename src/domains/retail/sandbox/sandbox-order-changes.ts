import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { LineChange } from '../exchanges.js';
import type { Payment } from '../payments.js';
import type { Order, OrderChange, OrderItem } from '../shop.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { mainMethodOf, movePayment, paymentsOf, requireMethod } from './sandbox-payments.js';
import type { Row } from './sandbox-rows.js';

type Lines = Map<string, OrderItem>;

function requirePlaced(order: Order): void {
  if (order.status === 'placed') return;
  throw new PermanentToolError(
    `Order ${order.id} has ${order.status === 'cancelled' ? 'been cancelled' : order.status}; only orders that have not shipped can be changed`,
    {
      details: { orderId: order.id, status: order.status },
    },
  );
}

/** Applies one line change to the lines, taking and putting back stock; refuses what cannot be. */
function applyChange(db: SqliteDatabase, order: Order, lines: Lines, change: LineChange): void {
  const line = lines.get(change.sku);
  if (!line) {
    throw new PermanentToolError(`Order ${order.id} has no item ${change.sku}`, {
      details: { orderId: order.id, sku: change.sku },
    });
  }
  const quantity = change.quantity ?? line.quantity;
  if (quantity > line.quantity) {
    throw new PermanentToolError(`Order ${order.id} has only ${line.quantity} of ${line.name}`, {
      details: { orderId: order.id, sku: change.sku, quantity },
    });
  }
  if (quantity === line.quantity) lines.delete(change.sku);
  else lines.set(change.sku, { ...line, quantity: line.quantity - quantity });
  putBackStock(db, change.sku, quantity);
  if (change.newSku === null) return;
  const product = productOfSku(db, change.sku);
  const variant = product?.variants.find((v) => v.sku === change.newSku);
  if (!product || !variant || change.newSku === change.sku) {
    throw new PermanentToolError(`${change.newSku} is not another variant of ${line.name}`, {
      details: { sku: change.sku, newSku: change.newSku },
    });
  }
  takeStock(db, variant.sku, quantity);
  const existing = lines.get(variant.sku);
  lines.set(variant.sku, {
    sku: variant.sku,
    name: variant.name,
    quantity: (existing?.quantity ?? 0) + quantity,
    unitPriceCents: variant.priceCents,
    finalSale: variant.finalSale,
  });
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
  const before = paymentsOf(db, order.id);
  remember(db, req.changeId, order, before, req.at);
  const total = writeLines(db, order.id, [...lines.values()]);
  const difference = total - order.totalCents;
  const methodId = req.methodId ?? mainMethodOf(db, order.id);
  let label: string | null = null;
  if (difference !== 0 && methodId) {
    const method = requireMethod(db, req.customerId, methodId);
    movePayment(db, {
      orderId: order.id,
      method,
      amountCents: difference,
      reason: 'order changed',
      at: req.at,
    });
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
  const method = requireMethod(db, req.customerId, req.methodId);
  const before = paymentsOf(db, order.id);
  remember(db, req.changeId, order, before, req.at);
  const others = before.filter((p) => p.methodId !== method.methodId);
  const owed = others.reduce((sum, p) => sum + p.amountCents, 0);
  const balance = method.kind === 'gift_card' ? (method.balanceCents ?? 0) : owed;
  // A gift card pays what its balance covers; the rest stays where it was, largest payer last.
  let moving = Math.min(owed, balance);
  if (moving === 0) {
    throw new PermanentToolError(`${method.label} cannot pay any of ${order.id}`, {
      details: { orderId: order.id, methodId: method.methodId },
    });
  }
  movePayment(db, {
    orderId: order.id,
    method,
    amountCents: moving,
    reason: 'payment method changed',
    at: req.at,
  });
  for (const p of [...others].sort((a, b) => a.amountCents - b.amountCents)) {
    const back = Math.min(p.amountCents, moving);
    if (back === 0) break;
    const from = requireMethod(db, req.customerId, p.methodId);
    movePayment(db, {
      orderId: order.id,
      method: from,
      amountCents: -back,
      reason: 'payment method changed',
      at: req.at,
    });
    moving -= back;
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
  for (const l of current.items) putBackStock(db, l.sku, l.quantity);
  const items = JSON.parse(row.items_json as string) as OrderItem[];
  for (const l of items) takeStock(db, l.sku, l.quantity);
  writeLines(db, orderId, items);
  const wanted = new Map(
    (JSON.parse(row.payments_json as string) as Payment[]).map((p) => [p.methodId, p.amountCents]),
  );
  const now = paymentsOf(db, orderId);
  for (const id of new Set([...wanted.keys(), ...now.map((p) => p.methodId)])) {
    const delta = (wanted.get(id) ?? 0) - (now.find((p) => p.methodId === id)?.amountCents ?? 0);
    if (delta === 0) continue;
    const method = requireMethod(db, current.customerId, id);
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
