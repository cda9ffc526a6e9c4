import type { PgMigration } from '../../../store/pg-migrations.js';

/**
 * The sandbox shop's tables on PostgreSQL: the SQLite ones (`SHOP_MIGRATIONS`), with a `position`
 * where SQLite orders by rowid. Append only.
 */
export const PG_SHOP_MIGRATIONS: readonly PgMigration[] = [
  {
    name: '001_shop',
    sql: `
      CREATE TABLE shop_customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
        phone TEXT, address_json TEXT NOT NULL);
      CREATE TABLE shop_products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL,
        final_sale SMALLINT NOT NULL, stock INTEGER NOT NULL);
      CREATE TABLE shop_orders (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES shop_customers(id),
        status TEXT NOT NULL, placed_at TEXT NOT NULL, shipped_at TEXT, delivered_at TEXT, carrier TEXT,
        tracking_number TEXT, address_json TEXT NOT NULL, currency TEXT NOT NULL, total_cents INTEGER NOT NULL);
      CREATE INDEX shop_orders_customer ON shop_orders(customer_id);
      CREATE TABLE shop_order_items (order_id TEXT NOT NULL REFERENCES shop_orders(id), sku TEXT NOT NULL,
        name TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL,
        final_sale SMALLINT NOT NULL, inventory_state TEXT NOT NULL DEFAULT 'sold', PRIMARY KEY (order_id, sku));
      CREATE TABLE shop_shipment_events (position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES shop_orders(id), at TEXT NOT NULL, description TEXT NOT NULL);
      CREATE TABLE shop_return_labels (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL, carrier TEXT NOT NULL, tracking_number TEXT NOT NULL, url TEXT NOT NULL,
        status TEXT NOT NULL, created_at TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE);
      CREATE INDEX shop_return_labels_order ON shop_return_labels(order_id);
      CREATE TABLE shop_refunds (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL, amount_cents INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
        reason TEXT NOT NULL, created_at TEXT NOT NULL, expected_by TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE);
      CREATE INDEX shop_refunds_order ON shop_refunds(order_id);
      CREATE TABLE shop_emails (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL, order_id TEXT, to_address TEXT NOT NULL, template TEXT NOT NULL,
        subject TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE);
      CREATE INDEX shop_emails_order ON shop_emails(order_id);
      CREATE TABLE shop_idempotency (key TEXT PRIMARY KEY, operation TEXT NOT NULL, result_json TEXT NOT NULL,
        created_at TEXT NOT NULL);
    `,
  },
  {
    // The retail desk, as SQLite's 002_shop_desk: variants grouped into products, payment methods
    // with a ledger of what each order was paid with, exchanges, and undoable order changes.
    name: '002_shop_desk',
    sql: `
      ALTER TABLE shop_products ADD COLUMN product_id TEXT;
      ALTER TABLE shop_products ADD COLUMN product_name TEXT;
      ALTER TABLE shop_products ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE shop_products ADD COLUMN position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE;
      ALTER TABLE shop_orders ADD COLUMN payment_method_id TEXT;
      ALTER TABLE shop_refunds ADD COLUMN method_id TEXT;
      CREATE TABLE shop_payment_methods (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES shop_customers(id), kind TEXT NOT NULL,
        label TEXT NOT NULL, balance_cents INTEGER);
      CREATE INDEX shop_payment_methods_customer ON shop_payment_methods(customer_id);
      CREATE TABLE shop_payments (position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES shop_orders(id), method_id TEXT NOT NULL,
        amount_cents INTEGER NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX shop_payments_order ON shop_payments(order_id);
      CREATE TABLE shop_exchanges (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES shop_orders(id), sku TEXT NOT NULL, new_sku TEXT NOT NULL,
        quantity INTEGER NOT NULL, difference_cents INTEGER NOT NULL, method_id TEXT, label_id TEXT NOT NULL,
        carrier TEXT NOT NULL, tracking_number TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX shop_exchanges_order ON shop_exchanges(order_id);
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

/** Seeded tables in the order their foreign keys need. */
export const SEEDED_TABLES = [
  'shop_customers',
  'shop_payment_methods',
  'shop_products',
  'shop_orders',
  'shop_payments',
  'shop_order_items',
  'shop_shipment_events',
] as const;
