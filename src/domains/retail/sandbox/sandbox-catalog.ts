import { PermanentToolError } from '../../../errors.js';
import type { Product, Variant } from '../catalog.js';
import { all, one, type Row, run, type Sql } from './shop-sql.js';

const CURRENCY = 'USD';

export function toVariant(row: Row): Variant {
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
export function* productsOf(): Sql<Product[]> {
  return groupProducts(yield* all('SELECT * FROM shop_products ORDER BY COALESCE(product_id, sku), rowid'));
}

/** Product rows, ordered by product, as products with their variants. */
function groupProducts(rows: Row[]): Product[] {
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
export function* productOfSku(sku: string): Sql<Product | null> {
  const row = yield* one('SELECT COALESCE(product_id, sku) AS id FROM shop_products WHERE sku = ?', sku);
  return row ? ((yield* productsOf()).find((p) => p.productId === row.id) ?? null) : null;
}

/**
 * Takes units out of stock; refuses (leaving stock as it was) when there are not enough. The
 * update is conditional, so two instances taking the last unit cannot both have it.
 */
export function* takeStock(sku: string, quantity: number): Sql<Variant> {
  const changed = yield* run(
    'UPDATE shop_products SET stock = stock - ? WHERE sku = ? AND stock >= ?',
    quantity,
    sku,
    quantity,
  );
  const row = yield* one('SELECT * FROM shop_products WHERE sku = ?', sku);
  if (!row) throw new PermanentToolError(`No product ${sku}`, { details: { sku } });
  if (changed === 0) {
    throw new PermanentToolError(`${row.name as string} is out of stock`, {
      details: { sku, stock: row.stock, wanted: quantity },
    });
  }
  return toVariant(row);
}

export function* putBackStock(sku: string, quantity: number): Sql<void> {
  yield* run('UPDATE shop_products SET stock = stock + ? WHERE sku = ?', quantity, sku);
}
