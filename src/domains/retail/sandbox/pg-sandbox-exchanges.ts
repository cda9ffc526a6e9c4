import { PermanentToolError } from '../../../errors.js';
import type { PgQueryable } from '../../../store/pg-database.js';
import type { Exchange } from '../exchanges.js';
import { requireQuotedDifference } from '../order-changes.js';
import type { Order, ReturnLabel } from '../shop.js';
import { clearMarks, issueLabel, markReturning, voidLabel } from './pg-sandbox-queries.js';
import { all, one } from './pg-sandbox-sql.js';
import { runOnClient } from './pg-shop-database.js';
import { productOfSku, putBackStock, takeStock } from './sandbox-catalog.js';
import {
  type ExchangeRequest,
  exchangeableLine,
  exchangeOf,
  exchangeTrackingNumber,
} from './sandbox-exchanges.js';
import { RETURN_CARRIER } from './sandbox-labels.js';
import { mainMethodOf, movePayment, requireMethod } from './sandbox-payments.js';
import { type Row, toLabel } from './sandbox-rows.js';

/**
 * Exchanges of delivered lines on PostgreSQL, the twin of sandbox-exchanges: the same checks
 * (`exchangeableLine`) and the same `Exchange` (`exchangeOf`); the order's row lock, taken by
 * `requireOrder`, makes two exchanges of one line on two instances take turns.
 */

export async function labelsOf(db: PgQueryable, orderId: string): Promise<ReturnLabel[]> {
  const sql = 'SELECT * FROM shop_return_labels WHERE order_id = $1 ORDER BY position';
  return (await all(db, sql, [orderId])).map(toLabel);
}

async function toExchange(db: PgQueryable, row: Row, order: Order): Promise<Exchange> {
  const name = async (sku: unknown) =>
    (await one(db, 'SELECT name FROM shop_products WHERE sku = $1', [sku]))?.name as string;
  const label = (await labelsOf(db, order.id)).find((l) => l.labelId === row.label_id);
  return exchangeOf(row, order, { name: await name(row.sku), newName: await name(row.new_sku) }, label);
}

export async function exchangesOf(db: PgQueryable, order: Order): Promise<Exchange[]> {
  const rows = await all(db, 'SELECT * FROM shop_exchanges WHERE order_id = $1 ORDER BY position', [
    order.id,
  ]);
  const exchanges: Exchange[] = [];
  for (const row of rows) exchanges.push(await toExchange(db, row, order));
  return exchanges;
}

export async function exchangeLine(db: PgQueryable, req: ExchangeRequest): Promise<Exchange> {
  const { order } = req;
  const taken = await one(
    db,
    `SELECT 1 FROM shop_exchanges WHERE order_id = $1 AND sku = $2 AND status = 'active'`,
    [order.id, req.sku],
  );
  const line = exchangeableLine(req, await runOnClient(db, productOfSku(req.sku)), taken !== undefined);
  const variant = await runOnClient(db, takeStock(req.newSku, req.quantity));
  const difference = (variant.priceCents - line.unitPriceCents) * req.quantity;
  requireQuotedDifference(order.id, req.differenceCents, difference, order.currency);
  const methodId = req.methodId ?? (await runOnClient(db, mainMethodOf(order.id)));
  if (difference !== 0) {
    if (!methodId) {
      throw new PermanentToolError(`Order ${order.id} has no payment method to settle the difference with`, {
        details: { orderId: order.id, differenceCents: difference },
      });
    }
    const method = await runOnClient(db, requireMethod(req.customerId, methodId));
    await runOnClient(
      db,
      movePayment({
        orderId: order.id,
        method,
        amountCents: difference,
        reason: 'exchange',
        at: req.at,
      }),
    );
  }
  const label = { labelId: req.labelId, order, skus: [req.sku], at: req.at, key: `${req.key}:label` };
  await issueLabel(db, label);
  await markReturning(db, order.id, [req.sku], req.key);
  await db.query(
    `INSERT INTO shop_exchanges (id, order_id, sku, new_sku, quantity, difference_cents, method_id, label_id,
       carrier, tracking_number, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11)`,
    [
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
    ],
  );
  return (await exchangesOf(db, order)).find((e) => e.exchangeId === req.exchangeId) as Exchange;
}

/** Undoes an exchange: the label voided, the stock and the line put back, the money moved back. */
export async function cancelExchangeById(
  db: PgQueryable,
  exchangeId: string,
  findOrder: (orderId: string) => Promise<Order | null>,
  at: string,
): Promise<Exchange> {
  const row = await one(db, 'SELECT * FROM shop_exchanges WHERE id = $1 FOR UPDATE', [exchangeId]);
  const order = row ? await findOrder(row.order_id as string) : null;
  if (!row || !order) {
    throw new PermanentToolError(`Exchange ${exchangeId} does not exist`, { details: { exchangeId } });
  }
  if (row.status === 'cancelled') return toExchange(db, row, order);
  await voidLabel(db, row.label_id as string);
  await runOnClient(db, putBackStock(row.new_sku as string, row.quantity as number));
  await clearMarks(db, order.id, row.sku as string);
  const difference = row.difference_cents as number;
  if (difference !== 0 && row.method_id) {
    const method = await runOnClient(db, requireMethod(order.customerId, row.method_id as string));
    await runOnClient(
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
  await db.query(`UPDATE shop_exchanges SET status = 'cancelled' WHERE id = $1`, [exchangeId]);
  return toExchange(db, { ...row, status: 'cancelled' }, order);
}
