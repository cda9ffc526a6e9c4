import type { Migration } from '../../../store/migrations.js';

/** The sandbox shop's tables, beside keel's own in the same file, all prefixed `shop_`. */
export const SHOP_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_shop',
    sql: `
      CREATE TABLE shop_customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
        phone TEXT, address_json TEXT NOT NULL);
      CREATE TABLE shop_products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL,
        final_sale INTEGER NOT NULL, stock INTEGER NOT NULL);
      CREATE TABLE shop_orders (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES shop_customers(id),
        status TEXT NOT NULL, placed_at TEXT NOT NULL, shipped_at TEXT, delivered_at TEXT, carrier TEXT,
        tracking_number TEXT, address_json TEXT NOT NULL, currency TEXT NOT NULL, total_cents INTEGER NOT NULL);
      CREATE INDEX shop_orders_customer ON shop_orders(customer_id);
      CREATE TABLE shop_order_items (order_id TEXT NOT NULL REFERENCES shop_orders(id), sku TEXT NOT NULL,
        name TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL,
        final_sale INTEGER NOT NULL, inventory_state TEXT NOT NULL DEFAULT 'sold', PRIMARY KEY (order_id, sku));
      CREATE TABLE shop_shipment_events (order_id TEXT NOT NULL REFERENCES shop_orders(id), at TEXT NOT NULL,
        description TEXT NOT NULL);
      CREATE TABLE shop_return_labels (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, carrier TEXT NOT NULL,
        tracking_number TEXT NOT NULL, url TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE);
      CREATE TABLE shop_refunds (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, amount_cents INTEGER NOT NULL,
        currency TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL,
        expected_by TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE);
      CREATE TABLE shop_emails (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, order_id TEXT, to_address TEXT NOT NULL,
        template TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
        created_at TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE);
      CREATE TABLE shop_idempotency (key TEXT PRIMARY KEY, operation TEXT NOT NULL, result_json TEXT NOT NULL,
        created_at TEXT NOT NULL);
    `,
  },
  {
    // The retail desk: variants grouped into products, payment methods with a ledger of what each
    // order was paid with, exchanges of delivered lines, and undoable changes to unshipped orders.
    // Added columns default so a sandbox from before keeps working: each SKU its own product.
    name: '002_shop_desk',
    sql: `
      ALTER TABLE shop_products ADD COLUMN product_id TEXT;
      ALTER TABLE shop_products ADD COLUMN product_name TEXT;
      ALTER TABLE shop_products ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE shop_orders ADD COLUMN payment_method_id TEXT;
      ALTER TABLE shop_refunds ADD COLUMN method_id TEXT;
      CREATE TABLE shop_payment_methods (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES shop_customers(id),
        kind TEXT NOT NULL, label TEXT NOT NULL, balance_cents INTEGER);
      CREATE TABLE shop_payments (order_id TEXT NOT NULL REFERENCES shop_orders(id), method_id TEXT NOT NULL,
        amount_cents INTEGER NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE shop_exchanges (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES shop_orders(id),
        sku TEXT NOT NULL, new_sku TEXT NOT NULL, quantity INTEGER NOT NULL, difference_cents INTEGER NOT NULL,
        method_id TEXT, label_id TEXT NOT NULL, carrier TEXT NOT NULL, tracking_number TEXT NOT NULL,
        status TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE shop_order_changes (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES shop_orders(id),
        items_json TEXT NOT NULL, payments_json TEXT NOT NULL, total_cents INTEGER NOT NULL,
        status TEXT NOT NULL, created_at TEXT NOT NULL);
    `,
  },
  {
    // Which writes marked each item returning: undoing one takes only its mark off; an item goes
    // back to sold when no mark is left.
    name: '003_shop_inventory_marks',
    sql: `
      CREATE TABLE shop_inventory_marks (order_id TEXT NOT NULL, sku TEXT NOT NULL, mark_key TEXT NOT NULL,
        PRIMARY KEY (order_id, sku, mark_key));
    `,
  },
];
