import { addDays } from '../money.js';
import type { InventoryItem, Order, OrderRecord, Shipment } from '../shop.js';
import { labelsOf } from './sandbox-labels.js';
import { emailsOf } from './sandbox-outbox.js';
import { refundsOf } from './sandbox-refunds.js';
import { all, type Sql } from './shop-sql.js';

/** Days a sandbox parcel is quoted to spend in transit. */
const TRANSIT_DAYS = 5;

/** Tracking for a shipped order; null before it ships (or when it was cancelled unshipped). */
export function* shipmentOf(order: Order): Sql<Shipment | null> {
  if (!order.carrier || !order.trackingNumber || !order.shippedAt) return null;
  const events = (yield* all(
    'SELECT at, description FROM shop_shipment_events WHERE order_id = ? ORDER BY at, rowid',
    order.id,
  )) as { at: string; description: string }[];
  const delivered = order.status === 'delivered';
  return {
    orderId: order.id,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    status: delivered ? 'delivered' : 'in_transit',
    estimatedDelivery: delivered
      ? order.deliveredAt
      : addDays(new Date(order.shippedAt), TRANSIT_DAYS).toISOString(),
    events,
  };
}

/** Everything done to an order: inventory states, labels, refunds, emails (staff view). */
export function* orderRecordOf(order: Order): Sql<OrderRecord> {
  const inventory = (yield* all(
    'SELECT sku, inventory_state AS state FROM shop_order_items WHERE order_id = ? ORDER BY sku',
    order.id,
  )) as InventoryItem[];
  return {
    order,
    inventory,
    labels: yield* labelsOf(order.id),
    refunds: yield* refundsOf(order.id),
    emails: yield* emailsOf(order.id),
  };
}
