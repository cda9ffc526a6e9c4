import type { SqliteDatabase } from '../../store/database.js';
import { addDays } from '../retail/money.js';
import type { InventoryItem, Order, OrderRecord, Shipment } from '../shop.js';
import { type Row, toEmail, toLabel, toRefund } from './sandbox-rows.js';

/** Tracking for a shipped order of the caller's; null before it ships. */
export function shipmentOf(db: SqliteDatabase, order: Order): Shipment | null {
  if (!order.carrier || !order.trackingNumber || !order.shippedAt) return null;
  const events = db
    .prepare('SELECT at, description FROM shop_shipment_events WHERE order_id = ? ORDER BY at')
    .all(order.id) as { at: string; description: string }[];
  const delivered = order.status === 'delivered';
  return {
    orderId: order.id,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    status: delivered ? 'delivered' : 'in_transit',
    estimatedDelivery: delivered ? order.deliveredAt : addDays(new Date(order.shippedAt), 5).toISOString(),
    events,
  };
}

/** Everything done to an order: inventory states, labels, refunds, emails (staff view). */
export function orderRecordOf(db: SqliteDatabase, order: Order): OrderRecord {
  const all = (sql: string) => db.prepare(sql).all(order.id) as Row[];
  return {
    order,
    inventory: all('SELECT sku, inventory_state FROM shop_order_items WHERE order_id = ? ORDER BY sku').map(
      (r) => ({
        sku: r.sku as string,
        state: r.inventory_state as InventoryItem['state'],
      }),
    ),
    labels: all('SELECT * FROM shop_return_labels WHERE order_id = ? ORDER BY rowid').map(toLabel),
    refunds: all('SELECT * FROM shop_refunds WHERE order_id = ? ORDER BY rowid').map(toRefund),
    emails: all('SELECT * FROM shop_emails WHERE order_id = ? ORDER BY rowid').map(toEmail),
  };
}
