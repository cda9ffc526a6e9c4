import type { Product } from './catalog.js';
import type { Profile } from './customers.js';
import type { Order, Shop } from './shop.js';

/**
 * What the planner may see about the signed-in customer: their orders (newest first), their
 * profile (default address, payment methods) and the catalogue's products they may ask about or
 * exchange between. The last two are optional, so a caller's own facts of orders alone still fit.
 */
export interface RetailFacts {
  orders: Order[];
  profile?: Profile | null;
  products?: Product[];
  /** The instant the facts were read, for windows counted from delivery. */
  asOf?: string;
}

/** Loads the customer's facts through the shop, which scopes every lookup to that customer. */
export async function loadRetailFacts(shop: Shop, customerId: string, now?: Date): Promise<RetailFacts> {
  const [orders, profile, products] = await Promise.all([
    shop.listOrders(customerId),
    shop.getProfile(customerId),
    shop.listProducts(),
  ]);
  return { orders, profile, products, ...(now ? { asOf: now.toISOString() } : {}) };
}
