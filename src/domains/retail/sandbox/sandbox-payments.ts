import { PermanentToolError } from '../../../errors.js';
import { formatMoney } from '../money.js';
import type { Payment, PaymentMethod } from '../payments.js';
import { all, lockOne, one, type Row, run, type Sql } from './shop-sql.js';

export function toMethod(row: Row): PaymentMethod {
  return {
    methodId: row.id as string,
    kind: row.kind as PaymentMethod['kind'],
    label: row.label as string,
    balanceCents: (row.balance_cents as number | null) ?? null,
  };
}

export function* methodsOf(customerId: string): Sql<PaymentMethod[]> {
  const rows = yield* all(
    'SELECT * FROM shop_payment_methods WHERE customer_id = ? ORDER BY rowid',
    customerId,
  );
  return rows.map(toMethod);
}

/** One of the customer's methods, locked for the write; another customer's is reported like a missing one. */
export function* requireMethod(customerId: string, methodId: string): Sql<PaymentMethod> {
  const row = yield* lockOne(
    'SELECT * FROM shop_payment_methods WHERE id = ? AND customer_id = ?',
    methodId,
    customerId,
  );
  if (!row) {
    throw new PermanentToolError(`Payment method ${methodId} is not on this account`, {
      details: { methodId },
    });
  }
  return toMethod(row);
}

/** What the order was paid with, net per method, in the order methods were first used. */
export function* paymentsOf(orderId: string): Sql<Payment[]> {
  const rows = yield* all(
    `SELECT p.method_id, m.label, CAST(SUM(p.amount_cents) AS INTEGER) AS amount FROM shop_payments p
     JOIN shop_payment_methods m ON m.id = p.method_id WHERE p.order_id = ?
     GROUP BY p.method_id, m.label HAVING SUM(p.amount_cents) != 0 ORDER BY MIN(p.rowid)`,
    orderId,
  );
  return rows.map((r) => ({
    methodId: r.method_id as string,
    label: r.label as string,
    amountCents: r.amount as number,
  }));
}

/** The method an order is settled with by default: the one that paid most of it. */
export function* mainMethodOf(orderId: string): Sql<string | null> {
  const [main] = (yield* paymentsOf(orderId)).sort((a, b) => b.amountCents - a.amountCents);
  return main?.methodId ?? null;
}

/**
 * Moves money between an order and a method: a positive amount charges the method, a negative one
 * pays it back. A gift card is charged only up to its balance (a conditional update, so two
 * instances cannot both spend it), and its balance follows.
 */
export function* movePayment(move: {
  orderId: string;
  method: PaymentMethod;
  amountCents: number;
  reason: string;
  at: string;
}): Sql<void> {
  const { method, amountCents } = move;
  if (amountCents === 0) return;
  if (method.kind === 'gift_card') {
    const charged = yield* run(
      'UPDATE shop_payment_methods SET balance_cents = balance_cents - ? WHERE id = ? AND balance_cents >= ?',
      amountCents,
      method.methodId,
      amountCents,
    );
    if (charged === 0) {
      const row = yield* one('SELECT balance_cents FROM shop_payment_methods WHERE id = ?', method.methodId);
      const balance = row?.balance_cents as number;
      throw new PermanentToolError(
        `${method.label} has ${formatMoney(balance, 'USD')}, not enough for ${formatMoney(amountCents, 'USD')}`,
        { details: { methodId: method.methodId, balanceCents: balance, amountCents } },
      );
    }
  }
  yield* recordPayment(move.orderId, method.methodId, amountCents, move.reason, move.at);
}

/** A line of the order's payment ledger: positive charged to the method, negative paid back. */
export function* recordPayment(
  orderId: string,
  methodId: string,
  amountCents: number,
  reason: string,
  at: string,
): Sql<void> {
  yield* run(
    'INSERT INTO shop_payments (order_id, method_id, amount_cents, reason, created_at) VALUES (?, ?, ?, ?, ?)',
    orderId,
    methodId,
    amountCents,
    reason,
    at,
  );
}

/** Credits a gift card (a refund to store credit); other methods are paid by the payment provider. */
export function* creditGiftCard(method: PaymentMethod, amountCents: number): Sql<void> {
  if (method.kind !== 'gift_card') return;
  yield* run(
    'UPDATE shop_payment_methods SET balance_cents = balance_cents + ? WHERE id = ?',
    amountCents,
    method.methodId,
  );
}

/** Takes store credit back off a gift card (a refund cancelled, a change undone); other kinds are left. */
export function* debitGiftCard(methodId: string, amountCents: number): Sql<void> {
  yield* run(
    `UPDATE shop_payment_methods SET balance_cents = balance_cents - ? WHERE id = ? AND kind = 'gift_card'`,
    amountCents,
    methodId,
  );
}
