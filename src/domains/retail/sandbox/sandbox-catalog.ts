import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { Product, Variant } from '../catalog.js';
import type { Row } from './sandbox-rows.js';

const CURRENCY = 'USD';

function toVariant(row: Row): Variant {
  return {
    sku: row.sku as string,
    name: row.name as string,
    options: JSON.parse(row.options_json as string),
    priceCents: row.price_cents as number,
    finalSale: row.final_sale === 1,
    stock: row.stock as number,
  };
}

/** Every product with its variants, grouped by product id (a SKU without one is its own product). */
export function productsOf(db: SqliteDatabase): Product[] {
  const rows = db
    .prepare('SELECT * FROM shop_products ORDER BY COALESCE(product_id, sku), rowid')
    .all() as Row[];
  const products = new Map<string, Product>();
  for (const row of rows) {
    const id = (row.product_id as string | null) ?? (row.sku as string);
    const product = products.get(id) ?? {
      productId: id,
      name: (row.product_name as string | null) ?? (row.name as string),
      currency: CURRENCY,
      variants: [],
    };
    product.variants.push(toVariant(row));
    products.set(id, product);
  }
  return [...products.values()];
}

/** The product a SKU is a variant of, or null for an unknown SKU. */
export function productOfSku(db: SqliteDatabase, sku: string): Product | null {
  const id = db
    .prepare('SELECT COALESCE(product_id, sku) FROM shop_products WHERE sku = ?')
    .pluck()
    .get(sku) as string | undefined;
  return id ? (productsOf(db).find((p) => p.productId === id) ?? null) : null;
}

/** Takes units out of stock; refuses (leaving stock as it was) when there are not enough. */
export function takeStock(db: SqliteDatabase, sku: string, quantity: number): Variant {
  const changed = db
    .prepare('UPDATE shop_products SET stock = stock - ? WHERE sku = ? AND stock >= ?')
    .run(quantity, sku, quantity).changes;
  const row = db.prepare('SELECT * FROM shop_products WHERE sku = ?').get(sku) as Row | undefined;
  if (!row) throw new PermanentToolError(`No product ${sku}`, { details: { sku } });
  if (changed === 0) {
    throw new PermanentToolError(`${row.name as string} is out of stock`, {
      details: { sku, stock: row.stock, wanted: quantity },
    });
  }
  return toVariant(row);
}

export function putBackStock(db: SqliteDatabase, sku: string, quantity: number): void {
  db.prepare('UPDATE shop_products SET stock = stock + ? WHERE sku = ?').run(quantity, sku);
}
