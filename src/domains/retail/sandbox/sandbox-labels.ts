import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { Order, ReturnLabel } from '../shop.js';
import { type Row, toLabel } from './sandbox-rows.js';

/** The carrier every sandbox return label is issued by. */
export const RETURN_CARRIER = 'UPS';

/** A UPS-looking tracking number whose digits come from the label id, so tests can predict it. */
export function returnTrackingNumber(labelId: string): string {
  return `1ZRET${labelId.replace(/\D/g, '').padStart(10, '0').slice(-10)}`;
}

function labelById(db: SqliteDatabase, labelId: string): ReturnLabel | null {
  const row = db.prepare('SELECT * FROM shop_return_labels WHERE id = ?').get(labelId) as Row | undefined;
  return row ? toLabel(row) : null;
}

/** Issues a label for delivered items of the order; as a carrier would, it refuses anything else. */
export function issueLabel(
  db: SqliteDatabase,
  req: { labelId: string; order: Order; skus: string[]; at: string; key: string },
): ReturnLabel {
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
  db.prepare(`INSERT INTO shop_return_labels VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`).run(
    req.labelId,
    order.id,
    RETURN_CARRIER,
    returnTrackingNumber(req.labelId),
    `https://labels.sandbox.keel.dev/${req.labelId}.pdf`,
    req.at,
    req.key,
  );
  return labelById(db, req.labelId) as ReturnLabel;
}

/** Voids a label; a label that is already void is returned as it is. */
export function voidLabel(db: SqliteDatabase, labelId: string): ReturnLabel {
  const label = labelById(db, labelId);
  if (!label) {
    throw new PermanentToolError(`Return label ${labelId} does not exist`, { details: { labelId } });
  }
  if (label.status === 'void') return label;
  db.prepare(`UPDATE shop_return_labels SET status = 'void' WHERE id = ?`).run(labelId);
  return { ...label, status: 'void' };
}

/** Labels issued for an order, oldest first. */
export function labelsOf(db: SqliteDatabase, orderId: string): ReturnLabel[] {
  return (
    db.prepare('SELECT * FROM shop_return_labels WHERE order_id = ? ORDER BY rowid').all(orderId) as Row[]
  ).map(toLabel);
}
