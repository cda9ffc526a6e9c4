import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { formatMoney } from '../money.js';
import type { Payment, PaymentMethod } from '../payments.js';
import type { Row } from './sandbox-rows.js';

function toMethod(row: Row): PaymentMethod {
  return {
    methodId: row.id as string,
    kind: row.kind as PaymentMethod['kind'],
    label: row.label as string,
    balanceCents: (row.balance_cents as number | null) ?? null,
  };
}

export function methodsOf(db: SqliteDatabase, customerId: string): PaymentMethod[] {
  return (
    db
      .prepare('SELECT * FROM shop_payment_methods WHERE customer_id = ? ORDER BY rowid')
      .all(customerId) as Row[]
  ).map(toMethod);
}

/** One of the customer's methods; another customer's is reported like a missing one. */
export function requireMethod(db: SqliteDatabase, customerId: string, methodId: string): PaymentMethod {
  const row = db
    .prepare('SELECT * FROM shop_payment_methods WHERE id = ? AND customer_id = ?')
    .get(methodId, customerId) as Row | undefined;
  if (!row) {
    throw new PermanentToolError(`Payment method ${methodId} is not on this account`, {
      details: { methodId },
    });
  }
  return toMethod(row);
}

/** What the order was paid with, net per method, in the order methods were first used. */
export function paymentsOf(db: SqliteDatabase, orderId: string): Payment[] {
  const rows = db
    .prepare(
      `SELECT p.method_id, m.label, SUM(p.amount_cents) AS amount FROM shop_payments p
       JOIN shop_payment_methods m ON m.id = p.method_id WHERE p.order_id = ?
       GROUP BY p.method_id HAVING SUM(p.amount_cents) != 0 ORDER BY MIN(p.rowid)`,
    )
    .all(orderId) as Row[];
  return rows.map((r) => ({
    methodId: r.method_id as string,
    label: r.label as string,
    amountCents: r.amount as number,
  }));
}

/** The method an order is settled with by default: the one that paid most of it. */
export function mainMethodOf(db: SqliteDatabase, orderId: string): string | null {
  const [main] = paymentsOf(db, orderId).sort((a, b) => b.amountCents - a.amountCents);
  return main?.methodId ?? null;
}

/**
 * Moves money between an order and a method: a positive amount charges the method, a negative one
 * pays it back. A gift card is charged only up to its balance, and its balance follows.
 */
export function movePayment(
  db: SqliteDatabase,
  move: { orderId: string; method: PaymentMethod; amountCents: number; reason: string; at: string },
): void {
  const { method, amountCents } = move;
  if (amountCents === 0) return;
  if (method.kind === 'gift_card') {
    const balance = db
      .prepare('SELECT balance_cents FROM shop_payment_methods WHERE id = ?')
      .pluck()
      .get(method.methodId) as number;
    if (balance < amountCents) {
      throw new PermanentToolError(
        `${method.label} has ${formatMoney(balance, 'USD')}, not enough for ${formatMoney(amountCents, 'USD')}`,
        { details: { methodId: method.methodId, balanceCents: balance, amountCents } },
      );
    }
    db.prepare('UPDATE shop_payment_methods SET balance_cents = balance_cents - ? WHERE id = ?').run(
      amountCents,
      method.methodId,
    );
  }
  db.prepare('INSERT INTO shop_payments VALUES (?, ?, ?, ?, ?)').run(
    move.orderId,
    method.methodId,
    amountCents,
    move.reason,
    move.at,
  );
}

/** Credits a gift card (a refund to store credit); other methods are paid by the payment provider. */
export function creditGiftCard(db: SqliteDatabase, method: PaymentMethod, amountCents: number): void {
  if (method.kind !== 'gift_card') return;
  db.prepare('UPDATE shop_payment_methods SET balance_cents = balance_cents + ? WHERE id = ?').run(
    amountCents,
    method.methodId,
  );
}
