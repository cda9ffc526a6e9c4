import type { SqliteDatabase } from '../../../store/database.js';
import { addDays } from '../money.js';
import type { InventoryItem, Order, OrderRecord, Shipment } from '../shop.js';
import { labelsOf } from './sandbox-labels.js';
import { emailsOf } from './sandbox-outbox.js';
import { refundsOf } from './sandbox-refunds.js';

/** Days a sandbox parcel is quoted to spend in transit. */
const TRANSIT_DAYS = 5;

/** Tracking for a shipped order; null before it ships (or when it was cancelled unshipped). */
export function shipmentOf(db: SqliteDatabase, order: Order): Shipment | null {
  if (!order.carrier || !order.trackingNumber || !order.shippedAt) return null;
  const events = db
    .prepare('SELECT at, description FROM shop_shipment_events WHERE order_id = ? ORDER BY at, rowid')
    .all(order.id) as { at: string; description: string }[];
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
export function orderRecordOf(db: SqliteDatabase, order: Order): OrderRecord {
  const inventory = db
    .prepare('SELECT sku, inventory_state AS state FROM shop_order_items WHERE order_id = ? ORDER BY sku')
    .all(order.id) as InventoryItem[];
  return {
    order,
    inventory,
    labels: labelsOf(db, order.id),
    refunds: refundsOf(db, order.id),
    emails: emailsOf(db, order.id),
  };
}
