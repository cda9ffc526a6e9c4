import { describeOptions, type Product } from '../catalog.js';
import type { Profile } from '../customers.js';
import type { Exchange } from '../exchanges.js';
import { formatMoney } from '../money.js';
import type { Settlement } from '../payments.js';
import type { Order } from '../shop.js';

type DeskContext = {
  order?: Order;
  exchange?: Exchange;
  orderChange?: {
    orderId: string;
    items: Order['items'];
    totalCents: number;
    payments: Order['payments'];
    settlement: Settlement;
  };
  profile?: Profile;
  profileChange?: { newAddress: { line1: string; line2: string | null; city: string; postalCode: string } };
  products?: Product[];
  orders?: Order[];
};

const day = (iso: string) => iso.slice(0, 10);

/** The reply to a completed desk workflow, from what its tools wrote; null for other intents. */
export function deskCompleted(intent: string, context: Record<string, unknown>): string | null {
  const c = context as DeskContext;
  if (intent === 'exchange' && c.exchange) return exchanged(c.exchange);
  if (intent === 'modify_order' && c.orderChange) return changed(c.orderChange);
  if (intent === 'change_default_address' && c.profileChange) {
    const a = c.profileChange.newAddress;
    return `The default address on your account is now ${[a.line1, a.line2, a.city, a.postalCode].filter(Boolean).join(', ')}. Orders already placed keep their shipping address.`;
  }
  if (intent === 'order_details' && c.order) return details(c.order);
  if (intent === 'profile' && c.profile) return profileText(c.profile);
  if (intent === 'product_info' && c.products) return productsText(c.products);
  if (intent === 'list_orders' && c.orders) return ordersText(c.orders);
  return null;
}

function money(cents: number, currency: string, settledWith: string | null): string {
  if (cents === 0) return 'There is no price difference.';
  const via = settledWith ? ` to ${settledWith}` : '';
  return cents > 0
    ? `${formatMoney(cents, currency)} was charged${via}.`
    : `${formatMoney(-cents, currency)} will be paid back${via}.`;
}

function exchanged(e: Exchange): string {
  return [
    `Your exchange for ${e.orderId} is set up: ${e.name} for ${e.newName}.`,
    `Return label for the old item: ${e.label.url} (${e.label.carrier} ${e.label.trackingNumber}).`,
    `The new item ships with ${e.shipment.carrier}, tracking number ${e.shipment.trackingNumber}.`,
    money(e.differenceCents, e.currency, e.methodLabel ?? null),
  ].join(' ');
}

function changed(change: NonNullable<DeskContext['orderChange']>): string {
  const { settlement } = change;
  const items = change.items.map((i) => `${i.quantity} × ${i.name}`).join(', ');
  const paid = (change.payments ?? [])
    .map((p) => `${formatMoney(p.amountCents, settlement.currency)} on ${p.label}`)
    .join(' and ');
  return [
    `Order ${change.orderId} now holds ${items}, total ${formatMoney(change.totalCents, settlement.currency)}.`,
    settlement.differenceCents !== 0
      ? money(settlement.differenceCents, settlement.currency, settlement.methodLabel)
      : '',
    paid ? `It is paid with ${paid}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function details(order: Order): string {
  const m = (cents: number) => formatMoney(cents, order.currency);
  const items = order.items.map((i) => `${i.quantity} × ${i.name} at ${m(i.unitPriceCents)}`).join(', ');
  const paid = order.payments?.length
    ? ` Paid with ${order.payments.map((p) => `${p.label} (${m(p.amountCents)})`).join(' and ')}.`
    : '';
  return `Order ${order.id} (${order.status}, placed ${day(order.placedAt)}): ${items}. Total ${m(order.totalCents)}.${paid}`;
}

function profileText(p: Profile): string {
  const a = p.defaultAddress;
  const methods = p.paymentMethods
    .map((m) =>
      m.balanceCents !== null ? `${m.label} (balance ${formatMoney(m.balanceCents, 'USD')})` : m.label,
    )
    .join(', ');
  return `Your default address is ${[a.line1, a.line2, a.city, a.postalCode].filter(Boolean).join(', ')}. Payment methods on file: ${methods || 'none'}.`;
}

function productsText(products: Product[]): string {
  if (products.length === 0)
    return "I couldn't find that product in our catalogue. Could you give me its name as it appears on the site?";
  return products
    .map((p) => {
      const variants = p.variants.map((v) => {
        const name = describeOptions(v.options) || 'one variant';
        return `${name} ${formatMoney(v.priceCents, p.currency)} (${v.stock > 0 ? 'in stock' : 'out of stock'})`;
      });
      return `${p.name}: ${variants.join('; ')}.`;
    })
    .join(' ');
}

function ordersText(orders: Order[]): string {
  if (orders.length === 0) return 'You have no orders in that state.';
  const lines = orders
    .slice(0, 10)
    .map((o) => `${o.id} (${o.status}, placed ${day(o.placedAt)}, ${formatMoney(o.totalCents, o.currency)})`);
  return `Your orders: ${lines.join('; ')}.${orders.length > 10 ? ` And ${orders.length - 10} more.` : ''}`;
}
