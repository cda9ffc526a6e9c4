import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { Product } from '../catalog.js';
import type { Exchange } from '../exchanges.js';
import { requireQuotedDifference } from '../order-changes.js';
import type { Order, OrderItem, ReturnLabel } from '../shop.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import { clearMarks, markReturning } from './sandbox-inventory.js';
import { issueLabel, labelsOf, RETURN_CARRIER, voidLabel } from './sandbox-labels.js';
import { mainMethodOf, movePayment, requireMethod } from './sandbox-payments.js';
import type { Row } from './sandbox-rows.js';
import { runOnSqlite } from './sqlite-shop-database.js';

/** A tracking number for the parcel carrying the new variant, predictable from the exchange id. */
export const exchangeTrackingNumber = (exchangeId: string) =>
  `1ZEXC${exchangeId.replace(/\D/g, '').padStart(10, '0').slice(-10)}`;

function toExchange(db: SqliteDatabase, row: Row, order: Order): Exchange {
  const name = (sku: string) =>
    db.prepare('SELECT name FROM shop_products WHERE sku = ?').pluck().get(sku) as string;
  const label = labelsOf(db, order.id).find((l) => l.labelId === row.label_id);
  return exchangeOf(
    row,
    order,
    { name: name(row.sku as string), newName: name(row.new_sku as string) },
    label,
  );
}

/** An exchange row as the port's `Exchange`, given its products' names and its label (shared with PostgreSQL). */
export function exchangeOf(
  row: Row,
  order: Order,
  names: { name: string; newName: string },
  label: ReturnLabel | undefined,
): Exchange {
  const item = order.items.find((i) => i.sku === row.sku);
  return {
    exchangeId: row.id as string,
    orderId: order.id,
    sku: row.sku as string,
    name: item?.name ?? names.name,
    newSku: row.new_sku as string,
    newName: names.newName,
    quantity: row.quantity as number,
    differenceCents: row.difference_cents as number,
    currency: order.currency,
    methodId: (row.method_id as string | null) ?? null,
    label: label as Exchange['label'],
    shipment: { carrier: row.carrier as string, trackingNumber: row.tracking_number as string },
    status: row.status as Exchange['status'],
    createdAt: row.created_at as string,
  };
}

export function exchangesOf(db: SqliteDatabase, order: Order): Exchange[] {
  const rows = db
    .prepare('SELECT * FROM shop_exchanges WHERE order_id = ? ORDER BY rowid')
    .all(order.id) as Row[];
  return rows.map((row) => toExchange(db, row, order));
}

/**
 * Exchanges units of a delivered line, as a shop's back office would: it refuses what the checks
 * should have caught (another product, no stock, a second exchange of the line) whatever it is told.
 */
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

export function exchangeLine(db: SqliteDatabase, req: ExchangeRequest): Exchange {
  const { order } = req;
  const taken = db
    .prepare(`SELECT 1 FROM shop_exchanges WHERE order_id = ? AND sku = ? AND status = 'active'`)
    .get(order.id, req.sku);
  const line = exchangeableLine(req, runOnSqlite(db, productOfSku(req.sku)), taken !== undefined);
  const variant = runOnSqlite(db, takeStock(req.newSku, req.quantity));
  const difference = (variant.priceCents - line.unitPriceCents) * req.quantity;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? runOnSqlite(db, mainMethodOf(order.id));
  if (difference !== 0) {
    if (!methodId) {
      throw new PermanentToolError(`Order ${order.id} has no payment method to settle the difference with`, {
        details: { orderId: order.id, differenceCents: difference },
      });
    }
    const method = runOnSqlite(db, requireMethod(req.customerId, methodId));
    runOnSqlite(
      db,
      movePayment({ orderId: order.id, method, amountCents: difference, reason: 'exchange', at: req.at }),
    );
  }
  issueLabel(db, { labelId: req.labelId, order, skus: [req.sku], at: req.at, key: `${req.key}:label` });
  markReturning(db, order.id, [req.sku], req.key);
  db.prepare(`INSERT INTO shop_exchanges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)`).run(
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
  return exchangesOf(db, order).find((e) => e.exchangeId === req.exchangeId) as Exchange;
}

/**
 * The delivered line the request may exchange, or the shop's refusal: one exchange per line
 * (`taken`: the line has an active exchange). Shared with PostgreSQL.
 */
export function exchangeableLine(
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

/** Undoes an exchange: the label voided, the stock and the line put back, the money moved back. */
export function cancelExchangeById(
  db: SqliteDatabase,
  exchangeId: string,
  findOrder: (orderId: string) => Order | null,
  at: string,
): Exchange {
  const row = db.prepare('SELECT * FROM shop_exchanges WHERE id = ?').get(exchangeId) as Row | undefined;
  const order = row ? findOrder(row.order_id as string) : null;
  if (!row || !order) {
    throw new PermanentToolError(`Exchange ${exchangeId} does not exist`, { details: { exchangeId } });
  }
  if (row.status === 'cancelled') return toExchange(db, row, order);
  voidLabel(db, row.label_id as string);
  runOnSqlite(db, putBackStock(row.new_sku as string, row.quantity as number));
  clearMarks(db, order.id, row.sku as string);
  const difference = row.difference_cents as number;
  if (difference !== 0 && row.method_id) {
    const method = runOnSqlite(db, requireMethod(order.customerId, row.method_id as string));
    runOnSqlite(
      db,
      movePayment({
        orderId: order.id,
        method,
        amountCents: -difference,
        reason: 'exchange cancelled',
        at,
      }),
    );
  }
  db.prepare(`UPDATE shop_exchanges SET status = 'cancelled' WHERE id = ?`).run(exchangeId);
  return toExchange(db, { ...row, status: 'cancelled' }, order);
}
