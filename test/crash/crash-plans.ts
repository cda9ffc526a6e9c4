import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every tenth order is over the refund approval limit, so its workflow waits for a human. */
export const isGated = (n: number) => n % 10 === 9;

export const orderId = (n: number) => `ORD-${20000 + n}`;
export const customerId = (n: number) => `C-${9000 + n}`;

/** The n-th customer's message: a return of their own order, which the offline planner plans. */
export const returnRequest = (n: number) => `I'd like to return order ${orderId(n)}, it doesn't fit`;

/** Writes a seed of `count` customers, each with one delivered, returnable order. */
export function writeCrashSeed(dir: string, count: number): void {
  const address = {
    name: 'Crash Test',
    line1: '1 Kill Street',
    line2: null,
    city: 'Portland',
    postalCode: '97201',
    country: 'US',
  };
  const customers = Array.from({ length: count }, (_, n) => ({
    id: customerId(n),
    name: `Customer ${n}`,
    email: `customer${n}@example.com`,
    phone: null,
    address,
  }));
  const products = [
    { sku: 'SKU-A', name: 'Item A', priceCents: 2500, finalSale: false, stock: 100 },
    { sku: 'SKU-B', name: 'Item B', priceCents: 1999, finalSale: false, stock: 100 },
    { sku: 'SKU-WATCH', name: 'Watch', priceCents: 64900, finalSale: false, stock: 100 },
  ];
  const orders = customers.map((c, n) => ({
    id: orderId(n),
    customerId: c.id,
    status: 'delivered',
    placedDaysAgo: 6,
    shippedDaysAgo: 5,
    deliveredDaysAgo: 3,
    carrier: 'UPS',
    trackingNumber: `1Z${n}`,
    items: isGated(n)
      ? [{ sku: 'SKU-WATCH', quantity: 1 }]
      : [
          { sku: 'SKU-A', quantity: 1 },
          { sku: 'SKU-B', quantity: 2 },
        ],
  }));
  writeFileSync(join(dir, 'customers.json'), JSON.stringify(customers));
  writeFileSync(join(dir, 'products.json'), JSON.stringify(products));
  writeFileSync(join(dir, 'orders.json'), JSON.stringify(orders));
}
