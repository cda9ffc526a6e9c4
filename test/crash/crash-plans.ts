import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Orders in the crash test's own seed; one return workflow per order. */
export const CRASH_ORDERS = 400;

/** Every tenth order is over the refund approval limit, so its workflow waits for a human. */
export const isGated = (n: number) => n % 10 === 9;

const orderId = (n: number) => `ORD-${20000 + n}`;
const customerId = (n: number) => `C-${9000 + n}`;

/** Writes a seed with one delivered, returnable order per customer. */
export function writeCrashSeed(dir: string): void {
  const address = {
    name: 'Crash Test',
    line1: '1 Kill Street',
    line2: null,
    city: 'Portland',
    postalCode: '97201',
    country: 'US',
  };
  const customers = Array.from({ length: CRASH_ORDERS }, (_, n) => ({
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

/** The n-th workflow the worker starts: the return of order n, for its own customer. */
export function crashWorkload(n: number): { plan: unknown; customerId: string; orderId: string } {
  return {
    orderId: orderId(n),
    customerId: customerId(n),
    plan: {
      intent: 'return',
      confidence: 0.95,
      steps: [
        { id: 'lookup', tool: 'lookup_order', args: { orderId: orderId(n) } },
        { id: 'eligibility', tool: 'check_return_eligibility', args: { skus: null, reason: 'crash test' } },
        { id: 'label', tool: 'create_return_label', args: {} },
        { id: 'inventory', tool: 'mark_items_returning', args: {} },
        { id: 'refund', tool: 'schedule_refund', args: {} },
        { id: 'email', tool: 'send_confirmation_email', args: { template: 'return_confirmation' } },
      ],
    },
  };
}
