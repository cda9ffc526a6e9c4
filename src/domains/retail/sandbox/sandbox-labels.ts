import { PermanentToolError } from '../../../errors.js';
import type { Order, ReturnLabel } from '../shop.js';
import { toLabel } from './sandbox-rows.js';
import { all, lockOne, one, run, type Sql } from './shop-sql.js';

/** The carrier every sandbox return label is issued by. */
export const RETURN_CARRIER = 'UPS';

/** A UPS-looking tracking number whose digits come from the label id, so tests can predict it. */
export function returnTrackingNumber(labelId: string): string {
  return `1ZRET${labelId.replace(/\D/g, '').padStart(10, '0').slice(-10)}`;
}

/** Issues a label for delivered items of the order; as a carrier would, it refuses anything else. */
export function* issueLabel(req: {
  labelId: string;
  order: Order;
  skus: string[];
  at: string;
  key: string;
}): Sql<ReturnLabel> {
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
  const row = yield* one(
    `INSERT INTO shop_return_labels (id, order_id, carrier, tracking_number, url, status, created_at,
       idempotency_key) VALUES (?, ?, ?, ?, ?, 'active', ?, ?) RETURNING *`,
    req.labelId,
    order.id,
    RETURN_CARRIER,
    returnTrackingNumber(req.labelId),
    `https://labels.sandbox.keel.dev/${req.labelId}.pdf`,
    req.at,
    req.key,
  );
  return toLabel(row ?? {});
}

/** Voids a label (its row locked); a label that is already void is returned as it is. */
export function* voidLabel(labelId: string): Sql<ReturnLabel> {
  const row = yield* lockOne('SELECT * FROM shop_return_labels WHERE id = ?', labelId);
  if (!row) {
    throw new PermanentToolError(`Return label ${labelId} does not exist`, { details: { labelId } });
  }
  const label = toLabel(row);
  if (label.status === 'void') return label;
  yield* run(`UPDATE shop_return_labels SET status = 'void' WHERE id = ?`, labelId);
  return { ...label, status: 'void' };
}

/** Labels issued for an order, oldest first. */
export function* labelsOf(orderId: string): Sql<ReturnLabel[]> {
  return (yield* all('SELECT * FROM shop_return_labels WHERE order_id = ? ORDER BY rowid', orderId)).map(
    toLabel,
  );
}
