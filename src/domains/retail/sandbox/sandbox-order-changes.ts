import { PermanentToolError } from '../../../errors.js';
import type { LineChange } from '../exchanges.js';
import { changeLine, type Lines, requirePlaced, requireQuotedDifference } from '../order-changes.js';
import type { Payment, PaymentMethod } from '../payments.js';
import type { Order, OrderChange, OrderItem } from '../shop.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { findOrder, reloadOrder } from './sandbox-orders.js';
import {
  debitGiftCard,
  mainMethodOf,
  movePayment,
  paymentsOf,
  recordPayment,
  requireMethod,
} from './sandbox-payments.js';
import { lockOne, run, type Sql } from './shop-sql.js';

/**
 * Changes to unshipped orders: variants swapped or units removed (`changeLine`), or another
 * method paying (`payerMoves`), each remembered so it can be undone. The order's row lock, taken
 * by `requireOrder`, keeps two changes of one order on two instances apart.
 */

function* writeLines(orderId: string, lines: OrderItem[]): Sql<number> {
  yield* run('DELETE FROM shop_order_items WHERE order_id = ?', orderId);
  for (const l of lines) {
    yield* run(
      `INSERT INTO shop_order_items (order_id, sku, name, quantity, unit_price_cents, final_sale, inventory_state)
       VALUES (?, ?, ?, ?, ?, ?, 'sold')`,
      orderId,
      l.sku,
      l.name,
      l.quantity,
      l.unitPriceCents,
      l.finalSale ? 1 : 0,
    );
  }
  const total = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  yield* run('UPDATE shop_orders SET total_cents = ? WHERE id = ?', total, orderId);
  return total;
}

/** Records the order as it was, so `revertChange` can put it back; answers what it was paid with. */
function* remember(changeId: string, order: Order, at: string): Sql<Payment[]> {
  const payments = yield* paymentsOf(order.id);
  yield* run(
    `INSERT INTO shop_order_changes (id, order_id, items_json, payments_json, total_cents, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'applied', ?)`,
    changeId,
    order.id,
    JSON.stringify(order.items),
    JSON.stringify(payments),
    order.totalCents,
    at,
  );
  return payments;
}

type ChangeRequest = { changeId: string; order: Order; customerId: string; at: string };

/**
 * Swaps variants or removes units of an unshipped order and settles the difference with the
 * chosen method (default: the one that paid). Leaving the order empty is refused: that is a cancel.
 */
export function* changeLines(
  req: ChangeRequest & {
    changes: LineChange[];
    methodId: string | null;
    differenceCents?: number | undefined;
  },
): Sql<OrderChange> {
  const { order } = req;
  requirePlaced(order);
  const lines: Lines = new Map(order.items.map((i) => [i.sku, { ...i }]));
  for (const change of req.changes) {
    const product = change.newSku === null ? null : yield* productOfSku(change.sku);
    const moved = changeLine(order, lines, change, product);
    yield* putBackStock(moved.putBack.sku, moved.putBack.quantity);
    if (moved.take) yield* takeStock(moved.take.sku, moved.take.quantity);
  }
  if (lines.size === 0) {
    throw new PermanentToolError(`That would leave ${order.id} empty; cancelling the order does that`, {
      details: { orderId: order.id, empty: true },
    });
  }
  const before = yield* remember(req.changeId, order, req.at);
  const total = yield* writeLines(order.id, [...lines.values()]);
  const difference = total - order.totalCents;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? (yield* mainMethodOf(order.id));
  let label: string | null = null;
  if (difference !== 0 && methodId) {
    const method = yield* requireMethod(req.customerId, methodId);
    yield* movePayment({
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
  };
  return yield* changed(req, before, { ...settlement, methodLabel: label });
}

/** Moves what the unshipped order was paid with onto another method (a gift card up to its balance). */
export function* changePayer(req: ChangeRequest & { methodId: string }): Sql<OrderChange> {
  const { order } = req;
  requirePlaced(order);
  const method = yield* requireMethod(req.customerId, req.methodId);
  const before = yield* remember(req.changeId, order, req.at);
  for (const move of payerMoves(order, before, method)) {
    const to =
      move.methodId === method.methodId ? method : yield* requireMethod(req.customerId, move.methodId);
    const reason = 'payment method changed';
    yield* movePayment({ orderId: order.id, method: to, amountCents: move.amountCents, reason, at: req.at });
  }
  yield* run('UPDATE shop_orders SET payment_method_id = ? WHERE id = ?', method.methodId, order.id);
  const settlement = { differenceCents: 0, currency: order.currency, methodId: method.methodId };
  return yield* changed(req, before, { ...settlement, methodLabel: method.label });
}

function* changed(
  req: ChangeRequest,
  before: Payment[],
  settlement: OrderChange['settlement'],
): Sql<OrderChange> {
  return {
    changeId: req.changeId,
    order: yield* reloadOrder(req.order.id),
    previousItems: req.order.items,
    previousPayments: before,
    settlement,
  };
}

/**
 * The payments that move an order onto `method`: it is charged first, then the others are paid
 * back. A gift card pays what its balance covers; the rest stays where it was, largest payer last.
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

/** Puts the lines, stock and payments of an order back as they were before a change (its row and the order's locked). */
export function* revertChange(changeId: string, at: string): Sql<Order> {
  const row = yield* lockOne('SELECT * FROM shop_order_changes WHERE id = ?', changeId);
  if (!row)
    throw new PermanentToolError(`Order change ${changeId} does not exist`, { details: { changeId } });
  const orderId = row.order_id as string;
  if (row.status === 'reverted') return yield* reloadOrder(orderId);
  const current = (yield* findOrder(orderId, null, true)) as Order;
  for (const l of current.items) yield* putBackStock(l.sku, l.quantity);
  const items = JSON.parse(row.items_json as string) as OrderItem[];
  for (const l of items) yield* takeStock(l.sku, l.quantity);
  yield* writeLines(orderId, items);
  const wanted = new Map(
    (JSON.parse(row.payments_json as string) as Payment[]).map((p) => [p.methodId, p.amountCents]),
  );
  const now = yield* paymentsOf(orderId);
  for (const id of new Set([...wanted.keys(), ...now.map((p) => p.methodId)])) {
    const delta = (wanted.get(id) ?? 0) - (now.find((p) => p.methodId === id)?.amountCents ?? 0);
    if (delta === 0) continue;
    const method = yield* requireMethod(current.customerId, id);
    // Putting money back on a gift card always fits; taking it back is what was there before.
    yield* debitGiftCard(method.methodId, delta);
    yield* recordPayment(orderId, method.methodId, delta, 'change undone', at);
  }
  yield* run(`UPDATE shop_order_changes SET status = 'reverted' WHERE id = ?`, changeId);
  return yield* reloadOrder(orderId);
}
