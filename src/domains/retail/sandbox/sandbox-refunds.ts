import { PermanentToolError } from '../../../errors.js';
import type { PaymentMethod } from '../payments.js';
import type { Order, Refund } from '../shop.js';
import { creditGiftCard, debitGiftCard } from './sandbox-payments.js';
import { toRefund } from './sandbox-rows.js';
import { all, lockOne, one, run, type Sql } from './shop-sql.js';

/**
 * Refunds: never more than the order's total, and a refund to a gift card credits it at once (and
 * is taken back if the refund is cancelled). The order's row lock, taken by `requireOrder`, keeps
 * two refunds of one order on two instances apart.
 */

/** A refund to schedule. */
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
 * The refund policy, as a payment API has it: a positive whole number of cents,
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
export function* insertRefund(req: RefundRequest): Sql<Refund> {
  const sum = yield* one(
    `SELECT CAST(COALESCE(SUM(amount_cents), 0) AS INTEGER) AS n FROM shop_refunds
     WHERE order_id = ? AND status != 'cancelled'`,
    req.order.id,
  );
  checkRefund(req, (sum?.n as number) ?? 0);
  if (req.method) yield* creditGiftCard(req.method, req.amountCents);
  const row = yield* one(
    `INSERT INTO shop_refunds (id, order_id, amount_cents, currency, status, reason, created_at, expected_by,
       idempotency_key, method_id) VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?) RETURNING *`,
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
  return toRefund(row ?? {});
}

/** Cancels a scheduled refund (its row locked); one that is already cancelled is returned as it is. */
export function* cancelScheduledRefund(refundId: string): Sql<Refund> {
  const row = yield* lockOne('SELECT * FROM shop_refunds WHERE id = ?', refundId);
  if (!row) {
    throw new PermanentToolError(`Refund ${refundId} does not exist`, { details: { refundId } });
  }
  const refund = toRefund(row);
  if (refund.status === 'cancelled') return refund;
  if (refund.status === 'paid') {
    throw new PermanentToolError(`Refund ${refundId} has been paid and can no longer be cancelled`, {
      details: { refundId, status: refund.status },
    });
  }
  // Store credit already given is taken back with the refund.
  if (refund.methodId) yield* debitGiftCard(refund.methodId, refund.amountCents);
  yield* run(`UPDATE shop_refunds SET status = 'cancelled' WHERE id = ?`, refundId);
  return { ...refund, status: 'cancelled' };
}

/** Refunds of an order, oldest first. */
export function* refundsOf(orderId: string): Sql<Refund[]> {
  const rows = yield* all(
    'SELECT * FROM shop_refunds WHERE order_id = ? ORDER BY created_at, rowid',
    orderId,
  );
  return rows.map(toRefund);
}
