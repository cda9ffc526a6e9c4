import { PermanentToolError } from '../../../errors.js';
import type { PgQueryable } from '../../../store/pg-database.js';
import type { Refund } from '../shop.js';
import { one } from './pg-sandbox-sql.js';
import { runOnClient } from './pg-shop-database.js';
import { creditGiftCard } from './sandbox-payments.js';
import { checkRefund, type RefundRequest } from './sandbox-refunds.js';
import { type Row, toRefund } from './sandbox-rows.js';

/**
 * Refunds on PostgreSQL, the twin of sandbox-refunds: never more than the order's total, and a
 * refund to a gift card credits it at once (and is taken back if the refund is cancelled). The
 * order's row lock, taken by `requireOrder`, keeps two refunds of one order on two instances apart.
 */

export async function insertRefund(db: PgQueryable, req: RefundRequest): Promise<Refund> {
  const sum = await one(
    db,
    `SELECT coalesce(sum(amount_cents), 0)::int AS n FROM shop_refunds WHERE order_id = $1 AND status != 'cancelled'`,
    [req.order.id],
  );
  checkRefund(req, (sum?.n as number) ?? 0);
  if (req.method) await runOnClient(db, creditGiftCard(req.method, req.amountCents));
  const row = await one(
    db,
    `INSERT INTO shop_refunds (id, order_id, amount_cents, currency, status, reason, created_at, expected_by,
       idempotency_key, method_id) VALUES ($1, $2, $3, $4, 'scheduled', $5, $6, $7, $8, $9) RETURNING *`,
    [
      req.refundId,
      req.order.id,
      req.amountCents,
      req.order.currency,
      req.reason,
      req.at,
      req.expectedBy,
      req.key,
      req.method?.methodId ?? null,
    ],
  );
  return toRefund(row as Row);
}

export async function cancelScheduledRefund(db: PgQueryable, refundId: string): Promise<Refund> {
  const row = await one(db, 'SELECT * FROM shop_refunds WHERE id = $1 FOR UPDATE', [refundId]);
  if (!row) throw new PermanentToolError(`Refund ${refundId} does not exist`, { details: { refundId } });
  const refund = toRefund(row);
  if (refund.status === 'cancelled') return refund;
  if (refund.status === 'paid') {
    throw new PermanentToolError(`Refund ${refundId} has been paid and can no longer be cancelled`, {
      details: { refundId, status: refund.status },
    });
  }
  // Store credit already given is taken back with the refund.
  if (refund.methodId) {
    await db.query(
      `UPDATE shop_payment_methods SET balance_cents = balance_cents - $1 WHERE id = $2 AND kind = 'gift_card'`,
      [refund.amountCents, refund.methodId],
    );
  }
  await db.query(`UPDATE shop_refunds SET status = 'cancelled' WHERE id = $1`, [refundId]);
  return { ...refund, status: 'cancelled' };
}

export async function refundsOf(db: PgQueryable, orderId: string): Promise<Refund[]> {
  const sql = 'SELECT * FROM shop_refunds WHERE order_id = $1 ORDER BY created_at, position';
  return (await db.query(sql, [orderId])).rows.map(toRefund);
}
