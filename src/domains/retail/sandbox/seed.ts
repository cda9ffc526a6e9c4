import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packagePath } from '../../../assets.js';
import { ConfigError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { addDays } from '../money.js';
import { PaymentMethod } from '../payments.js';
import { Address, ORDER_STATUSES } from '../shop.js';

/** The seed shipped with keel: `fixtures/shop/` in the package. */
export const DEFAULT_SEED_DIR = packagePath('fixtures/shop/');

const Customer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  address: Address,
  paymentMethods: z.array(PaymentMethod).default([]),
});
const Product = z.object({
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  finalSale: z.boolean(),
  stock: z.number().int(),
  /** Variants of one product share its id; a SKU without one is a product of its own. */
  productId: z.string().optional(),
  productName: z.string().optional(),
  options: z.record(z.string(), z.string()).default({}),
});
const daysAgo = z.number().int().nonnegative().nullable();
const SeedOrder = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: z.enum(ORDER_STATUSES),
    placedDaysAgo: z.number().int().nonnegative(),
    shippedDaysAgo: daysAgo,
    deliveredDaysAgo: daysAgo,
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1),
    /** One of the customer's payment methods, charged the order's total when it was placed. */
    paymentMethodId: z.string().nullable().default(null),
    shipmentEvents: z
      .array(z.object({ daysAgo: z.number().int().nonnegative(), description: z.string() }))
      .default([]),
  })
  // A shipped order without tracking, or a delivered one without a date, would make the demo lie.
  .refine(
    (o) =>
      o.status === 'placed' || o.status === 'cancelled'
        ? o.deliveredDaysAgo === null
        : o.shippedDaysAgo !== null && o.carrier !== null && o.trackingNumber !== null,
    { message: 'shipped and delivered orders need shippedDaysAgo, carrier and trackingNumber' },
  )
  .refine((o) => (o.status === 'delivered') === (o.deliveredDaysAgo !== null), {
    message: 'deliveredDaysAgo is set exactly when the status is delivered',
  });

function load<T extends z.ZodType>(dir: string, file: string, schema: T): z.infer<T>[] {
  const path = join(dir, file);
  try {
    return z.array(schema).parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ConfigError(`Sandbox seed "${path}" is unreadable or invalid: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Fills empty shop tables from a seed folder. Dates in the seed are "days ago", turned into
 * timestamps against `now`, so "delivered 10 days ago" stays true whenever the sandbox is created.
 */
export function seedShop(db: SqliteDatabase, dir: string, now: Date): void {
  const customers = load(dir, 'customers.json', Customer);
  const products = new Map(load(dir, 'products.json', Product).map((p) => [p.sku, p]));
  const orders = load(dir, 'orders.json', SeedOrder);
  const at = (days: number | null) => (days === null ? null : addDays(now, -days).toISOString());
  const insertCustomer = db.prepare('INSERT INTO shop_customers VALUES (?, ?, ?, ?, ?)');
  const insertProduct = db.prepare(
    `INSERT INTO shop_products (sku, name, price_cents, final_sale, stock, product_id, product_name, options_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMethod = db.prepare('INSERT INTO shop_payment_methods VALUES (?, ?, ?, ?, ?)');
  const insertPayment = db.prepare(`INSERT INTO shop_payments VALUES (?, ?, ?, 'order placed', ?)`);
  const insertOrder = db.prepare(
    `INSERT INTO shop_orders (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier,
       tracking_number, address_json, currency, total_cents, payment_method_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare(`INSERT INTO shop_order_items VALUES (?, ?, ?, ?, ?, ?, 'sold')`);
  const insertEvent = db.prepare('INSERT INTO shop_shipment_events VALUES (?, ?, ?)');
  db.transaction(() => {
    const addresses = new Map<string, unknown>();
    const methods = new Map<string, string>();
    for (const c of customers) {
      insertCustomer.run(c.id, c.name, c.email, c.phone, JSON.stringify(c.address));
      addresses.set(c.id, c.address);
      for (const m of c.paymentMethods) {
        insertMethod.run(m.methodId, c.id, m.kind, m.label, m.balanceCents);
        methods.set(m.methodId, c.id);
      }
    }
    for (const p of products.values())
      insertProduct.run(
        p.sku,
        p.name,
        p.priceCents,
        p.finalSale ? 1 : 0,
        p.stock,
        p.productId ?? p.sku,
        p.productName ?? p.name,
        JSON.stringify(p.options),
      );
    for (const o of orders) {
      const address = addresses.get(o.customerId);
      if (!address) throw new ConfigError(`Seed order ${o.id} names unknown customer ${o.customerId}`);
      const lines = o.items.map((item) => {
        const product = products.get(item.sku);
        if (!product) throw new ConfigError(`Seed order ${o.id} names unknown product ${item.sku}`);
        return { ...item, product };
      });
      const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
      insertOrder.run(
        o.id,
        o.customerId,
        o.status,
        at(o.placedDaysAgo),
        at(o.shippedDaysAgo),
        at(o.deliveredDaysAgo),
        o.carrier,
        o.trackingNumber,
        JSON.stringify(address),
        'USD',
        total,
        o.paymentMethodId,
      );
      if (o.paymentMethodId !== null) {
        if (methods.get(o.paymentMethodId) !== o.customerId)
          throw new ConfigError(`Seed order ${o.id} names another customer's payment method`);
        insertPayment.run(o.id, o.paymentMethodId, total, at(o.placedDaysAgo));
      }
      for (const l of lines)
        insertItem.run(
          o.id,
          l.sku,
          l.product.name,
          l.quantity,
          l.product.priceCents,
          l.product.finalSale ? 1 : 0,
        );
      for (const e of o.shipmentEvents) insertEvent.run(o.id, at(e.daysAgo), e.description);
    }
  })();
}
