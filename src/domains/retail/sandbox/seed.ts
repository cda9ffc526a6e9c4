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
  const st = seedStatements(db);
  db.transaction(() => {
    const known = seedCustomers(st, customers);
    for (const p of products.values())
      st.product.run(
        p.sku,
        p.name,
        p.priceCents,
        p.finalSale ? 1 : 0,
        p.stock,
        p.productId ?? p.sku,
        p.productName ?? p.name,
        JSON.stringify(p.options),
      );
    for (const o of orders) seedOrder(st, o, { ...known, products, at });
  })();
}

type SeedStatements = ReturnType<typeof seedStatements>;

function seedStatements(db: SqliteDatabase) {
  return {
    customer: db.prepare('INSERT INTO shop_customers VALUES (?, ?, ?, ?, ?)'),
    product: db.prepare(
      `INSERT INTO shop_products (sku, name, price_cents, final_sale, stock, product_id, product_name, options_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    method: db.prepare('INSERT INTO shop_payment_methods VALUES (?, ?, ?, ?, ?)'),
    payment: db.prepare(`INSERT INTO shop_payments VALUES (?, ?, ?, 'order placed', ?)`),
    order: db.prepare(
      `INSERT INTO shop_orders (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier,
         tracking_number, address_json, currency, total_cents, payment_method_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    item: db.prepare(`INSERT INTO shop_order_items VALUES (?, ?, ?, ?, ?, ?, 'sold')`),
    event: db.prepare('INSERT INTO shop_shipment_events VALUES (?, ?, ?)'),
  };
}

/** Customers and their payment methods; returns whose address and which methods are whose. */
function seedCustomers(st: SeedStatements, customers: z.infer<typeof Customer>[]) {
  const addresses = new Map<string, unknown>();
  const methods = new Map<string, string>();
  for (const c of customers) {
    st.customer.run(c.id, c.name, c.email, c.phone, JSON.stringify(c.address));
    addresses.set(c.id, c.address);
    for (const m of c.paymentMethods) {
      st.method.run(m.methodId, c.id, m.kind, m.label, m.balanceCents);
      methods.set(m.methodId, c.id);
    }
  }
  return { addresses, methods };
}

/** One order with its lines, its payment and its shipment events; a seed naming the unknown fails. */
function seedOrder(
  st: SeedStatements,
  o: z.infer<typeof SeedOrder>,
  known: {
    addresses: Map<string, unknown>;
    methods: Map<string, string>;
    products: Map<string, z.infer<typeof Product>>;
    at: (days: number | null) => string | null;
  },
): void {
  const { at } = known;
  const address = known.addresses.get(o.customerId);
  if (!address) throw new ConfigError(`Seed order ${o.id} names unknown customer ${o.customerId}`);
  const lines = o.items.map((item) => {
    const product = known.products.get(item.sku);
    if (!product) throw new ConfigError(`Seed order ${o.id} names unknown product ${item.sku}`);
    return { ...item, product };
  });
  const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  st.order.run(
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
    if (known.methods.get(o.paymentMethodId) !== o.customerId)
      throw new ConfigError(`Seed order ${o.id} names another customer's payment method`);
    st.payment.run(o.id, o.paymentMethodId, total, at(o.placedDaysAgo));
  }
  for (const l of lines)
    st.item.run(o.id, l.sku, l.product.name, l.quantity, l.product.priceCents, l.product.finalSale ? 1 : 0);
  for (const e of o.shipmentEvents) st.event.run(o.id, at(e.daysAgo), e.description);
}
