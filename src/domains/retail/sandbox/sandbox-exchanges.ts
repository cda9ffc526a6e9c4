import { PermanentToolError } from '../../../errors.js';
import type { Product } from '../catalog.js';
import type { Exchange } from '../exchanges.js';
import { requireQuotedDifference } from '../order-changes.js';
import type { Order, OrderItem } from '../shop.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { clearMarks, markReturning } from './sandbox-inventory.js';
import { issueLabel, labelsOf, RETURN_CARRIER, voidLabel } from './sandbox-labels.js';
import { findOrder } from './sandbox-orders.js';
import { mainMethodOf, movePayment, requireMethod } from './sandbox-payments.js';
import { all, lockOne, one, type Row, run, type Sql } from './shop-sql.js';

/**
 * Exchanges of delivered lines, as a shop's back office would do them: it refuses what the checks
 * should have caught (another product, no stock, a second exchange of the line) whatever it is
 * told. The order's row lock, taken by `requireOrder`, makes two exchanges of one line take turns.
 */

/** A tracking number for the parcel carrying the new variant, predictable from the exchange id. */
export const exchangeTrackingNumber = (exchangeId: string) =>
  `1ZEXC${exchangeId.replace(/\D/g, '').padStart(10, '0').slice(-10)}`;

function* toExchange(row: Row, order: Order): Sql<Exchange> {
  const name = function* (sku: unknown): Sql<string> {
    return (yield* one('SELECT name FROM shop_products WHERE sku = ?', sku))?.name as string;
  };
  const label = (yield* labelsOf(order.id)).find((l) => l.labelId === row.label_id);
  const methodId = (row.method_id as string | null) ?? null;
  const method = methodId
    ? yield* one('SELECT label FROM shop_payment_methods WHERE id = ?', methodId)
    : undefined;
  const item = order.items.find((i) => i.sku === row.sku);
  return {
    exchangeId: row.id as string,
    orderId: order.id,
    sku: row.sku as string,
    name: item?.name ?? (yield* name(row.sku)),
    newSku: row.new_sku as string,
    newName: yield* name(row.new_sku),
    quantity: row.quantity as number,
    differenceCents: row.difference_cents as number,
    currency: order.currency,
    methodId,
    methodLabel: (method?.label as string | undefined) ?? null,
    label: label as Exchange['label'],
    shipment: { carrier: row.carrier as string, trackingNumber: row.tracking_number as string },
    status: row.status as Exchange['status'],
    createdAt: row.created_at as string,
  };
}

export function* exchangesOf(order: Order): Sql<Exchange[]> {
  const rows = yield* all('SELECT * FROM shop_exchanges WHERE order_id = ? ORDER BY rowid', order.id);
  const exchanges: Exchange[] = [];
  for (const row of rows) exchanges.push(yield* toExchange(row, order));
  return exchanges;
}

export type ExchangeRequest = {
  exchangeId: string;
  labelId: string;
  order: Order;
  customerId: string;
  sku: string;
  newSku: string;
  quantity: number;
  methodId: string | null;
  differenceCents?: number | undefined;
  at: string;
  key: string;
};

/** Exchanges units of a delivered line: stock taken, the difference settled, a label for the old item. */
export function* exchangeLine(req: ExchangeRequest): Sql<Exchange> {
  const { order } = req;
  const taken = yield* one(
    `SELECT 1 FROM shop_exchanges WHERE order_id = ? AND sku = ? AND status = 'active'`,
    order.id,
    req.sku,
  );
  const line = exchangeableLine(req, yield* productOfSku(req.sku), taken !== undefined);
  const variant = yield* takeStock(req.newSku, req.quantity);
  const difference = (variant.priceCents - line.unitPriceCents) * req.quantity;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? (yield* mainMethodOf(order.id));
  if (difference !== 0) {
    if (!methodId) {
      throw new PermanentToolError(`Order ${order.id} has no payment method to settle the difference with`, {
        details: { orderId: order.id, differenceCents: difference },
      });
    }
    const method = yield* requireMethod(req.customerId, methodId);
    yield* movePayment({
      orderId: order.id,
      method,
      amountCents: difference,
      reason: 'exchange',
      at: req.at,
    });
  }
  yield* issueLabel({ labelId: req.labelId, order, skus: [req.sku], at: req.at, key: `${req.key}:label` });
  yield* markReturning(order.id, [req.sku], req.key);
  yield* run(
    `INSERT INTO shop_exchanges (id, order_id, sku, new_sku, quantity, difference_cents, method_id, label_id,
       carrier, tracking_number, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)`,
    req.exchangeId,
    order.id,
    req.sku,
    req.newSku,
    req.quantity,
    difference,
    difference !== 0 ? methodId : null,
    req.labelId,
    RETURN_CARRIER,
    exchangeTrackingNumber(req.exchangeId),
    req.at,
  );
  return (yield* exchangesOf(order)).find((e) => e.exchangeId === req.exchangeId) as Exchange;
}

/** The delivered line the request may exchange, or the shop's refusal (`taken`: the line has an active exchange). */
function exchangeableLine(
  req: Pick<ExchangeRequest, 'order' | 'sku' | 'newSku' | 'quantity'>,
  product: Product | null,
  taken: boolean,
): OrderItem {
  const { order } = req;
  const line = order.items.find((i) => i.sku === req.sku);
  if (order.status !== 'delivered' || !line) {
    throw new PermanentToolError(`Order ${order.id} has no delivered item ${req.sku} to exchange`, {
      details: { orderId: order.id, sku: req.sku, status: order.status },
    });
  }
  if (!product?.variants.some((v) => v.sku === req.newSku) || req.newSku === req.sku) {
    throw new PermanentToolError(`${req.newSku} is not another variant of ${line.name}`, {
      details: { sku: req.sku, newSku: req.newSku },
    });
  }
  if (taken) {
    throw new PermanentToolError(`${line.name} in ${order.id} has already been exchanged once`, {
      details: { orderId: order.id, sku: req.sku },
    });
  }
  if (req.quantity > line.quantity) {
    throw new PermanentToolError(`${order.id} has only ${line.quantity} of ${line.name}`, {
      details: { orderId: order.id, sku: req.sku, quantity: req.quantity },
    });
  }
  return line;
}

/** Undoes an exchange (its row and its order locked): the label voided, the stock and the line put back, the money moved back. */
export function* cancelExchangeById(exchangeId: string, at: string): Sql<Exchange> {
  const row = yield* lockOne('SELECT * FROM shop_exchanges WHERE id = ?', exchangeId);
  const order = row ? yield* findOrder(row.order_id as string, null, true) : null;
  if (!row || !order) {
    throw new PermanentToolError(`Exchange ${exchangeId} does not exist`, { details: { exchangeId } });
  }
  if (row.status === 'cancelled') return yield* toExchange(row, order);
  yield* voidLabel(row.label_id as string);
  yield* putBackStock(row.new_sku as string, row.quantity as number);
  yield* clearMarks(order.id, row.sku as string);
  const difference = row.difference_cents as number;
  if (difference !== 0 && row.method_id) {
    const method = yield* requireMethod(order.customerId, row.method_id as string);
    yield* movePayment({
      orderId: order.id,
      method,
      amountCents: -difference,
      reason: 'exchange cancelled',
      at,
    });
  }
  yield* run(`UPDATE shop_exchanges SET status = 'cancelled' WHERE id = ?`, exchangeId);
  return yield* toExchange({ ...row, status: 'cancelled' }, order);
}
