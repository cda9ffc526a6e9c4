import { z } from 'zod';
import { PermanentToolError } from '../../errors.js';
import type { Product } from './catalog.js';
import { LineChange } from './exchanges.js';
import { formatMoney } from './money.js';
import { type Order, OrderItem } from './shop.js';

/**
 * Changes to an unshipped order as rules over its lines, shared by the check that quotes a change
 * (check_order_change) and by both sandbox shops that make it, so the two compute the same money.
 */

/** What a change to an unshipped order will do, computed from the order and the catalogue only. */
export const OrderChangeQuote = z.object({
  orderId: z.string(),
  changes: z.array(LineChange),
  /** The order's lines after the change. */
  items: z.array(OrderItem),
  totalCents: z.number().int(),
  /** New total minus old: charged when positive, paid back when negative. */
  differenceCents: z.number().int(),
  currency: z.string(),
});
export type OrderChangeQuote = z.infer<typeof OrderChangeQuote>;

export type Lines = Map<string, OrderItem>;

/** Only an unshipped order can be changed (shared with PostgreSQL). */
export function requirePlaced(order: Order): void {
  if (order.status === 'placed') return;
  throw new PermanentToolError(
    `Order ${order.id} has ${order.status === 'cancelled' ? 'been cancelled' : order.status}; only orders that have not shipped can be changed`,
    {
      details: { orderId: order.id, status: order.status },
    },
  );
}

/**
 * One line change applied to the lines in memory (`product`: the line's product, for a swap), or
 * the shop's refusal; returns the stock to put back and to take. Shared with PostgreSQL.
 */
export function changeLine(
  order: Order,
  lines: Lines,
  change: LineChange,
  product: Product | null,
): { putBack: { sku: string; quantity: number }; take: { sku: string; quantity: number } | null } {
  const line = lines.get(change.sku);
  if (!line) {
    throw new PermanentToolError(`Order ${order.id} has no item ${change.sku}`, {
      details: { orderId: order.id, sku: change.sku },
    });
  }
  const quantity = change.quantity ?? line.quantity;
  if (quantity > line.quantity) {
    throw new PermanentToolError(`Order ${order.id} has only ${line.quantity} of ${line.name}`, {
      details: { orderId: order.id, sku: change.sku, quantity },
    });
  }
  if (quantity === line.quantity) lines.delete(change.sku);
  else lines.set(change.sku, { ...line, quantity: line.quantity - quantity });
  const putBack = { sku: change.sku, quantity };
  if (change.newSku === null) return { putBack, take: null };
  const variant = product?.variants.find((v) => v.sku === change.newSku);
  if (!product || !variant || change.newSku === change.sku) {
    throw new PermanentToolError(`${change.newSku} is not another variant of ${line.name}`, {
      details: { sku: change.sku, newSku: change.newSku },
    });
  }
  const existing = lines.get(variant.sku);
  lines.set(variant.sku, {
    sku: variant.sku,
    name: variant.name,
    quantity: (existing?.quantity ?? 0) + quantity,
    unitPriceCents: variant.priceCents,
    finalSale: variant.finalSale,
  });
  return { putBack, take: { sku: variant.sku, quantity } };
}

/**
 * The order's lines after `changes`, with the new total and the difference, or the refusal the
 * shop would give (no such line, not a variant, out of stock, an order left empty: a cancel).
 */
export function quoteChange(
  order: Order,
  changes: LineChange[],
  products: Product[],
): Omit<OrderChangeQuote, 'changes'> {
  requirePlaced(order);
  const lines: Lines = new Map(order.items.map((i) => [i.sku, { ...i }]));
  for (const change of changes) {
    const product = products.find((p) => p.variants.some((v) => v.sku === change.sku)) ?? null;
    const { take } = changeLine(order, lines, change, change.newSku === null ? null : product);
    const variant = take ? product?.variants.find((v) => v.sku === take.sku) : undefined;
    if (take && variant && variant.stock < take.quantity) {
      throw new PermanentToolError(`${variant.name} is out of stock`, {
        details: { sku: change.sku, outOfStock: variant.sku },
      });
    }
  }
  if (lines.size === 0) {
    throw new PermanentToolError(`That would leave ${order.id} empty; cancelling the order does that`, {
      details: { orderId: order.id, empty: true },
    });
  }
  const items = [...lines.values()];
  const totalCents = items.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  return {
    orderId: order.id,
    items,
    totalCents,
    differenceCents: totalCents - order.totalCents,
    currency: order.currency,
  };
}

/**
 * A shop settles only the difference the plan's check quoted (`quoted`, when given): prices or
 * the order changed since, so more or other money would move than the plan was bounded by.
 */
export function requireQuotedDifference(
  orderId: string,
  quoted: number | undefined,
  difference: number,
  currency: string,
): void {
  if (quoted === undefined || quoted === difference) return;
  throw new PermanentToolError(
    `The price difference for ${orderId} is now ${formatMoney(difference, currency)}, not the ${formatMoney(quoted, currency)} quoted; nothing was changed`,
    { details: { orderId, quotedCents: quoted, differenceCents: difference } },
  );
}
