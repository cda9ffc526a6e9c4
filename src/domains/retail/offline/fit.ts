import type { Order } from '../shop.js';
import { findItems } from './items.js';
import type { OrderRef } from './order-numbers.js';

/** Which order a request is about: the one named, the one that alone fits, or why we must ask. */
export type OrderChoice =
  | { kind: 'order'; order: Order; why: string }
  | { kind: 'foreign'; id: string }
  | { kind: 'ask'; candidates: Order[]; named: string[] };

const LATEST = /\b(last|latest|most recent|newest|recent) (order|purchase)\b|\bmy (last|latest) one\b/i;

/**
 * The order a request is about. A named order wins (one not on the account is reported as such);
 * "my last order" is the newest (of those holding the items named, when some are); otherwise the orders that fit the request (by state), narrowed to
 * those holding the items the customer named, and used only when exactly one is left.
 */
export function chooseOrder(
  text: string,
  refs: OrderRef[],
  orders: Order[],
  fits: (order: Order) => boolean,
): OrderChoice {
  const foreign = refs.find((ref) => !orders.some((o) => o.id === ref.id));
  if (foreign) return { kind: 'foreign', id: foreign.id };
  if (refs.length > 1) return { kind: 'ask', candidates: [], named: refs.map((r) => r.id) };
  const [ref] = refs;
  const named = ref ? orders.find((o) => o.id === ref.id) : undefined;
  if (named) return { kind: 'order', order: named, why: `named as "${ref?.from}"` };
  if (LATEST.test(text)) {
    const latest = newestHolding(text, orders);
    if (latest) return { kind: 'order', ...latest };
  }
  const fitting = orders.filter(fits);
  // Goods named that a fitting order does not hold ("cancel the boots order"): only holders count.
  const { namesGoods, holding } = holdersOf(text, fitting);
  const pool = namesGoods ? holding : fitting;
  const [only] = pool;
  if (pool.length === 1 && only) {
    const why = namesGoods ? 'the only fitting order holding the items named' : 'the only order that fits';
    return { kind: 'order', order: only, why };
  }
  return { kind: 'ask', candidates: pool.length > 0 ? pool : fitting, named: [] };
}

/**
 * "the trail runners from my last order": the newest order holding the items named, or simply the
 * newest when no goods are named (orders come newest first).
 */
function newestHolding(text: string, orders: Order[]): { order: Order; why: string } | null {
  const { namesGoods, holding } = holdersOf(text, orders);
  if (!namesGoods) return orders[0] ? { order: orders[0], why: 'their newest order' } : null;
  return holding[0] ? { order: holding[0], why: 'their newest order holding the items named' } : null;
}

/** Whether the text names goods at all, and which of the orders hold all the goods it names. */
function holdersOf(text: string, orders: Order[]): { namesGoods: boolean; holding: Order[] } {
  const readings = orders.map((o) => ({ o, items: findItems(text, o, { toFindOrder: true }) }));
  return {
    namesGoods: readings.some((r) => r.items.named.length > 0 || r.items.unmatched.length > 0),
    holding: readings
      .filter((r) => r.items.named.length > 0 && r.items.unmatched.length === 0)
      .map((r) => r.o),
  };
}
