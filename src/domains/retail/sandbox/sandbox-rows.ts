import type { Email, Order, Refund, ReturnLabel } from '../shop.js';
import type { Row } from './shop-sql.js';

export function toOrder(row: Row, items: Row[]): Order {
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    status: row.status as Order['status'],
    placedAt: row.placed_at as string,
    shippedAt: (row.shipped_at as string | null) ?? null,
    deliveredAt: (row.delivered_at as string | null) ?? null,
    carrier: (row.carrier as string | null) ?? null,
    trackingNumber: (row.tracking_number as string | null) ?? null,
    shippingAddress: JSON.parse(row.address_json as string),
    items: items.map((item) => ({
      sku: item.sku as string,
      name: item.name as string,
      quantity: item.quantity as number,
      unitPriceCents: item.unit_price_cents as number,
      finalSale: item.final_sale === 1,
      ...(item.product_id ? { productId: item.product_id as string } : {}),
      ...(item.options_json ? { options: JSON.parse(item.options_json as string) } : {}),
    })),
    totalCents: row.total_cents as number,
    currency: row.currency as string,
  };
}

export function toLabel(row: Row): ReturnLabel {
  return {
    labelId: row.id as string,
    orderId: row.order_id as string,
    carrier: row.carrier as string,
    trackingNumber: row.tracking_number as string,
    url: row.url as string,
    status: row.status as ReturnLabel['status'],
    createdAt: row.created_at as string,
  };
}

export function toRefund(row: Row): Refund {
  return {
    refundId: row.id as string,
    orderId: row.order_id as string,
    amountCents: row.amount_cents as number,
    currency: row.currency as string,
    status: row.status as Refund['status'],
    createdAt: row.created_at as string,
    expectedBy: row.expected_by as string,
    ...(row.method_id ? { methodId: row.method_id as string } : {}),
  };
}

export function toEmail(row: Row): Email {
  return {
    emailId: row.id as string,
    orderId: (row.order_id as string | null) ?? null,
    to: row.to_address as string,
    template: row.template as string,
    subject: row.subject as string,
    status: row.status as Email['status'],
    createdAt: row.created_at as string,
  };
}
