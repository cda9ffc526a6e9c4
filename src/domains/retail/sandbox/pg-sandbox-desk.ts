import { PermanentToolError } from '../../../errors.js';
import type { PgQueryable } from '../../../store/pg-database.js';
import type { Product, Variant } from '../catalog.js';
import type { CustomerMatch, CustomerQuery, Profile } from '../customers.js';
import { formatMoney } from '../money.js';
import type { Payment, PaymentMethod } from '../payments.js';
import type { Address } from '../shop.js';
import { all, one } from './pg-sandbox-sql.js';
import { groupProducts, toVariant } from './sandbox-catalog.js';
import { matchCustomers } from './sandbox-customers.js';
import { toMethod } from './sandbox-payments.js';

/**
 * The retail desk's catalogue, payment methods and profiles on PostgreSQL: the twins of
 * sandbox-catalog, -payments and -customers, sharing their row mapping and matching. Rows written
 * concurrently (stock, a gift card's balance) change by conditional update or under a row lock.
 */

export async function productsOf(db: PgQueryable): Promise<Product[]> {
  return groupProducts(
    await all(db, 'SELECT * FROM shop_products ORDER BY COALESCE(product_id, sku), position'),
  );
}

export async function productOfSku(db: PgQueryable, sku: string): Promise<Product | null> {
  const row = await one(db, 'SELECT COALESCE(product_id, sku) AS id FROM shop_products WHERE sku = $1', [
    sku,
  ]);
  return row ? ((await productsOf(db)).find((p) => p.productId === row.id) ?? null) : null;
}

/** Takes units out of stock; refuses (leaving stock as it was) when there are not enough. */
export async function takeStock(db: PgQueryable, sku: string, quantity: number): Promise<Variant> {
  const { rowCount } = await db.query(
    'UPDATE shop_products SET stock = stock - $1 WHERE sku = $2 AND stock >= $1',
    [quantity, sku],
  );
  const row = await one(db, 'SELECT * FROM shop_products WHERE sku = $1', [sku]);
  if (!row) throw new PermanentToolError(`No product ${sku}`, { details: { sku } });
  if (rowCount === 0) {
    throw new PermanentToolError(`${row.name as string} is out of stock`, {
      details: { sku, stock: row.stock, wanted: quantity },
    });
  }
  return toVariant(row);
}

export async function putBackStock(db: PgQueryable, sku: string, quantity: number): Promise<void> {
  await db.query('UPDATE shop_products SET stock = stock + $1 WHERE sku = $2', [quantity, sku]);
}

export async function methodsOf(db: PgQueryable, customerId: string): Promise<PaymentMethod[]> {
  const sql = 'SELECT * FROM shop_payment_methods WHERE customer_id = $1 ORDER BY position';
  return (await all(db, sql, [customerId])).map(toMethod);
}

/** One of the customer's methods, locked for the write; another customer's is reported like a missing one. */
export async function requireMethod(
  db: PgQueryable,
  customerId: string,
  methodId: string,
): Promise<PaymentMethod> {
  const sql = 'SELECT * FROM shop_payment_methods WHERE id = $1 AND customer_id = $2 FOR UPDATE';
  const row = await one(db, sql, [methodId, customerId]);
  if (!row) {
    throw new PermanentToolError(`Payment method ${methodId} is not on this account`, {
      details: { methodId },
    });
  }
  return toMethod(row);
}

/** What the order was paid with, net per method, in the order methods were first used. */
export async function paymentsOf(db: PgQueryable, orderId: string): Promise<Payment[]> {
  const rows = await all(
    db,
    `SELECT p.method_id, m.label, SUM(p.amount_cents)::int AS amount FROM shop_payments p
     JOIN shop_payment_methods m ON m.id = p.method_id WHERE p.order_id = $1
     GROUP BY p.method_id, m.label HAVING SUM(p.amount_cents) != 0 ORDER BY MIN(p.position)`,
    [orderId],
  );
  return rows.map((r) => ({
    methodId: r.method_id as string,
    label: r.label as string,
    amountCents: r.amount as number,
  }));
}

/** The method an order is settled with by default: the one that paid most of it. */
export async function mainMethodOf(db: PgQueryable, orderId: string): Promise<string | null> {
  const [main] = (await paymentsOf(db, orderId)).sort((a, b) => b.amountCents - a.amountCents);
  return main?.methodId ?? null;
}

/**
 * Moves money between an order and a method: a positive amount charges the method, a negative one
 * pays it back. A gift card is charged only up to its balance, and its balance follows.
 */
export async function movePayment(
  db: PgQueryable,
  move: { orderId: string; method: PaymentMethod; amountCents: number; reason: string; at: string },
): Promise<void> {
  const { method, amountCents } = move;
  if (amountCents === 0) return;
  if (method.kind === 'gift_card') {
    const { rowCount } = await db.query(
      'UPDATE shop_payment_methods SET balance_cents = balance_cents - $1 WHERE id = $2 AND balance_cents >= $1',
      [amountCents, method.methodId],
    );
    if (rowCount === 0) {
      const balance = (
        await one(db, 'SELECT balance_cents FROM shop_payment_methods WHERE id = $1', [method.methodId])
      )?.balance_cents as number;
      throw new PermanentToolError(
        `${method.label} has ${formatMoney(balance, 'USD')}, not enough for ${formatMoney(amountCents, 'USD')}`,
        { details: { methodId: method.methodId, balanceCents: balance, amountCents } },
      );
    }
  }
  await db.query(
    'INSERT INTO shop_payments (order_id, method_id, amount_cents, reason, created_at) VALUES ($1, $2, $3, $4, $5)',
    [move.orderId, method.methodId, amountCents, move.reason, move.at],
  );
}

/** Credits a gift card (a refund to store credit); other methods are paid by the payment provider. */
export async function creditGiftCard(
  db: PgQueryable,
  method: PaymentMethod,
  amountCents: number,
): Promise<void> {
  if (method.kind !== 'gift_card') return;
  await db.query('UPDATE shop_payment_methods SET balance_cents = balance_cents + $1 WHERE id = $2', [
    amountCents,
    method.methodId,
  ]);
}

export async function profileOf(db: PgQueryable, customerId: string): Promise<Profile | null> {
  const row = await one(db, 'SELECT * FROM shop_customers WHERE id = $1', [customerId]);
  if (!row) return null;
  return {
    customerId,
    name: row.name as string,
    email: row.email as string,
    defaultAddress: JSON.parse(row.address_json as string),
    paymentMethods: await methodsOf(db, customerId),
  };
}

/** Sets the profile's default address; no order's shipping address changes with it. */
export async function readdressProfile(
  db: PgQueryable,
  customerId: string,
  address: Address,
): Promise<{ profile: Profile; previousAddress: Address }> {
  await db.query('SELECT 1 FROM shop_customers WHERE id = $1 FOR UPDATE', [customerId]);
  const before = await profileOf(db, customerId);
  if (!before) {
    throw new PermanentToolError(`Customer ${customerId} was not found`, { details: { customerId } });
  }
  await db.query('UPDATE shop_customers SET address_json = $1 WHERE id = $2', [
    JSON.stringify(address),
    customerId,
  ]);
  return { profile: { ...before, defaultAddress: address }, previousAddress: before.defaultAddress };
}

export async function findCustomersBy(db: PgQueryable, query: CustomerQuery): Promise<CustomerMatch[]> {
  const rows = await all(db, 'SELECT id, name, email, address_json FROM shop_customers ORDER BY id');
  return matchCustomers(rows, query);
}
