import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { PaymentMethod } from '../payments.js';
import type { Order, Refund } from '../shop.js';
import { creditGiftCard } from './sandbox-payments.js';
import { type Row, toRefund } from './sandbox-rows.js';
import { runOnSqlite } from './sqlite-shop-database.js';

function refundById(db: SqliteDatabase, refundId: string): Refund | null {
  const row = db.prepare('SELECT * FROM shop_refunds WHERE id = ?').get(refundId) as Row | undefined;
  return row ? toRefund(row) : null;
}

/** A refund to schedule; the SQLite and PostgreSQL sandboxes take the same request. */
export type RefundRequest = {
  refundId: string;
  order: Order;
  amountCents: number;
  reason: string;
  at: string;
  expectedBy: string;
  key: string;
  /** A method of the customer's to pay back to; null: the original payment method. */
  method: PaymentMethod | null;
};

/**
 * The refund policy of both sandboxes, as a payment API has it: a positive whole number of cents,
 * and an order never pays back more than it charged (`refunded`: what is already refunded).
 */
export function checkRefund(req: RefundRequest, refunded: number): void {
  if (!Number.isInteger(req.amountCents) || req.amountCents <= 0) {
    throw new PermanentToolError(
      `Refund for order ${req.order.id} must be a positive whole number of cents, got ${req.amountCents}`,
      { details: { orderId: req.order.id, amountCents: req.amountCents } },
    );
  }
  if (refunded + req.amountCents > req.order.totalCents) {
    throw new PermanentToolError(
      `Refund of ${req.amountCents} cents for order ${req.order.id} exceeds the ${req.order.totalCents - refunded} cents still refundable`,
      { details: { orderId: req.order.id, amountCents: req.amountCents, refundedCents: refunded } },
    );
  }
}

/** Records a refund as scheduled; it is paid (in a real shop) by `expectedBy`. */
export function insertRefund(db: SqliteDatabase, req: RefundRequest): Refund {
  const refunded = db
    .prepare(
      `SELECT COALESCE(SUM(amount_cents), 0) FROM shop_refunds WHERE order_id = ? AND status != 'cancelled'`,
    )
    .pluck()
    .get(req.order.id) as number;
  checkRefund(req, refunded);
  if (req.method) runOnSqlite(db, creditGiftCard(req.method, req.amountCents));
  db.prepare(`INSERT INTO shop_refunds VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?)`).run(
    req.refundId,
    req.order.id,
    req.amountCents,
    req.order.currency,
    req.reason,
    req.at,
    req.expectedBy,
    req.key,
    req.method?.methodId ?? null,
  );
  return refundById(db, req.refundId) as Refund;
}

/** Cancels a scheduled refund; one that is already cancelled is returned as it is. */
export function cancelScheduledRefund(db: SqliteDatabase, refundId: string): Refund {
  const refund = refundById(db, refundId);
  if (!refund) {
    throw new PermanentToolError(`Refund ${refundId} does not exist`, { details: { refundId } });
  }
  if (refund.status === 'cancelled') return refund;
  if (refund.status === 'paid') {
    throw new PermanentToolError(`Refund ${refundId} has been paid and can no longer be cancelled`, {
      details: { refundId, status: refund.status },
    });
  }
  // Store credit already given is taken back with the refund.
  if (refund.methodId) {
    db.prepare(
      `UPDATE shop_payment_methods SET balance_cents = balance_cents - ? WHERE id = ? AND kind = 'gift_card'`,
    ).run(refund.amountCents, refund.methodId);
  }
  db.prepare(`UPDATE shop_refunds SET status = 'cancelled' WHERE id = ?`).run(refundId);
  return { ...refund, status: 'cancelled' };
}

/** Refunds of an order, oldest first. */
export function refundsOf(db: SqliteDatabase, orderId: string): Refund[] {
  return (
    db
      .prepare('SELECT * FROM shop_refunds WHERE order_id = ? ORDER BY created_at, rowid')
      .all(orderId) as Row[]
  ).map(toRefund);
}
