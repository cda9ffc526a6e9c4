import type { Order, Shop } from './shop.js';

/** What the planner may see about the signed-in customer: their orders, newest first. */
export interface RetailFacts {
  orders: Order[];
}

/** Loads the customer's facts through the shop, which scopes every lookup to that customer. */
export async function loadRetailFacts(shop: Shop, customerId: string): Promise<RetailFacts> {
  return { orders: await shop.listOrders(customerId) };
}
