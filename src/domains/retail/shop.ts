import { z } from 'zod';
import type { Product } from './catalog.js';
import type { CustomerMatch, CustomerQuery, Profile } from './customers.js';
import type { Exchange, LineChange } from './exchanges.js';
import { Payment, type Settlement } from './payments.js';

/**
 * The shop port: everything the retail tools may read or change in a shop. A production deployment
 * implements it over the shop's own APIs; `SandboxShop` implements it over SQLite for demos and tests.
 * Amounts are integer cents. Every write takes an idempotency `key`: a second call with the same key
 * returns the first call's result and changes nothing, as a payment API does.
 */

export const Address = z.object({
  name: z.string().min(1).max(120),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).nullable(),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(2).max(20),
  country: z.string().length(2).describe('ISO 3166-1 alpha-2 country code, e.g. "US"'),
});
export type Address = z.infer<typeof Address>;

export const ORDER_STATUSES = ['placed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OrderItem = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPriceCents: z.number().int().nonnegative(),
  finalSale: z.boolean(),
  /** The product the SKU is a variant of, and what sets the variant apart (size, colour). */
  productId: z.string().optional(),
  options: z.record(z.string(), z.string()).optional(),
});
export type OrderItem = z.infer<typeof OrderItem>;

/** What a customer may know about one of their orders. */
export const Order = z.object({
  id: z.string(),
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  placedAt: z.string(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippingAddress: Address,
  items: z.array(OrderItem),
  totalCents: z.number().int().nonnegative(),
  currency: z.string(),
  /** What it was paid with, net of money paid back for changes; absent when the shop does not say. */
  payments: z.array(Payment).optional(),
});
export type Order = z.infer<typeof Order>;

export const ReturnLabel = z.object({
  labelId: z.string(),
  orderId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  url: z.string(),
  status: z.enum(['active', 'void']),
  createdAt: z.string(),
});
export type ReturnLabel = z.infer<typeof ReturnLabel>;

export const Refund = z.object({
  refundId: z.string(),
  orderId: z.string(),
  amountCents: z.number().int().nonnegative(),
  currency: z.string(),
  status: z.enum(['scheduled', 'cancelled', 'paid']),
  createdAt: z.string(),
  expectedBy: z.string(),
  /** Where the money goes; absent or null: the original payment method. */
  methodId: z.string().nullable().optional(),
});
export type Refund = z.infer<typeof Refund>;

export const Email = z.object({
  emailId: z.string(),
  orderId: z.string().nullable(),
  to: z.string(),
  template: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent']),
  createdAt: z.string(),
});
export type Email = z.infer<typeof Email>;

export const INVENTORY_STATES = ['sold', 'returning'] as const;
export const InventoryItem = z.object({ sku: z.string(), state: z.enum(INVENTORY_STATES) });
export type InventoryItem = z.infer<typeof InventoryItem>;

export const Shipment = z.object({
  orderId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  status: z.enum(['in_transit', 'delivered']),
  estimatedDelivery: z.string().nullable(),
  events: z.array(z.object({ at: z.string(), description: z.string() })),
});
export type Shipment = z.infer<typeof Shipment>;

/** Per-call options: the signal aborts the call when the step times out. */
export interface ShopCall {
  signal?: AbortSignal;
}

/** A write call: the key makes it take effect once however often it is sent. */
export interface ShopWrite extends ShopCall {
  key: string;
}

/** Everything the shop holds about one order, for staff views (`keel shop show`). */
export interface OrderRecord {
  order: Order;
  inventory: InventoryItem[];
  labels: ReturnLabel[];
  refunds: Refund[];
  emails: Email[];
  /** Exchanges of delivered lines, each with its return label and outgoing shipment. */
  exchanges?: Exchange[];
}

/** A change made to an unshipped order, kept so it can be undone. */
export interface OrderChange {
  changeId: string;
  order: Order;
  /** The lines or payments before the change. */
  previousItems: OrderItem[];
  previousPayments: Payment[];
  settlement: Settlement;
}

export interface Shop {
  /** The order, if it exists and belongs to `customerId`; otherwise null (the two are not told apart). */
  getOrder(customerId: string, orderId: string, call?: ShopCall): Promise<Order | null>;
  getCustomerEmail(customerId: string, call?: ShopCall): Promise<string | null>;
  /** The customer's orders, newest first; what a planner may know about the signed-in customer. */
  listOrders(customerId: string, call?: ShopCall): Promise<Order[]>;
  createReturnLabel(
    req: { customerId: string; orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<ReturnLabel>;
  voidReturnLabel(req: { labelId: string }, call: ShopWrite): Promise<ReturnLabel>;
  markItemsReturning(req: { orderId: string; skus: string[] }, call: ShopWrite): Promise<InventoryItem[]>;
  /**
   * Puts items marked returning back to sold. With `markedBy`, the idempotency key of the mark
   * being undone, only the items that mark still holds (a later write's mark stays), answering
   * those put back: a compensation undoes only its own workflow's effect.
   */
  restoreInventory(
    req: { orderId: string; skus: string[]; markedBy?: string },
    call: ShopWrite,
  ): Promise<InventoryItem[]>;
  /** Schedules a refund; the amount is computed by the caller from stored order data. */
  scheduleRefund(
    req: {
      customerId: string;
      orderId: string;
      amountCents: number;
      reason: string;
      /** A payment method of the customer's to refund to; null or absent: the original one. */
      methodId?: string | null;
    },
    call: ShopWrite,
  ): Promise<Refund>;
  cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund>;
  listRefunds(customerId: string, orderId: string, call?: ShopCall): Promise<Refund[]>;
  sendEmail(
    req: { customerId: string; orderId: string | null; template: string; subject: string; body: string },
    call: ShopWrite,
  ): Promise<Email>;
  cancelOrder(req: { customerId: string; orderId: string; reason: string }, call: ShopWrite): Promise<Order>;
  changeShippingAddress(
    req: { customerId: string; orderId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ order: Order; previousAddress: Address }>;
  trackShipment(customerId: string, orderId: string, call?: ShopCall): Promise<Shipment | null>;
  /**
   * What the write sent with this idempotency key did (its operation, e.g. "schedule_refund", and
   * the result it answered), or null when none took effect: how a caller whose answer was lost
   * learns the outcome without writing again. Changes nothing.
   */
  findWrite(key: string, call?: ShopCall): Promise<{ operation: string; result: unknown } | null>;
  /** Staff view of an order with everything done to it; not scoped to a customer. */
  describeOrder(orderId: string): Promise<OrderRecord | null>;

  /** The catalogue: every product with its variants, stock and prices. */
  listProducts(call?: ShopCall): Promise<Product[]>;
  /** The customer's profile: name, email, default address, payment methods; null if unknown. */
  getProfile(customerId: string, call?: ShopCall): Promise<Profile | null>;
  /** Changes the profile's default address; orders keep their own shipping addresses. */
  changeDefaultAddress(
    req: { customerId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ profile: Profile; previousAddress: Address }>;
  /** Staff lookup of a customer by email, or by name and postal code; not scoped to a customer. */
  findCustomers(query: CustomerQuery): Promise<CustomerMatch[]>;
  listExchanges(customerId: string, orderId: string, call?: ShopCall): Promise<Exchange[]>;
  /**
   * Exchanges units of a delivered line for another variant of the same product: a return label
   * for the old item, the new one shipped, stock taken, the price difference charged or paid back
   * to `methodId` (null: the order's payment method). One exchange per line.
   */
  exchangeItem(
    req: {
      customerId: string;
      orderId: string;
      sku: string;
      newSku: string;
      quantity: number;
      methodId: string | null;
      /** The difference the caller's check quoted; a shop that now computes another refuses. */
      differenceCents?: number;
    },
    call: ShopWrite,
  ): Promise<Exchange>;
  /** Undoes an exchange: label voided, stock put back, money moved back (compensation). */
  cancelExchange(req: { exchangeId: string }, call: ShopWrite): Promise<Exchange>;
  /** Swaps variants or removes units of an unshipped order, settling the difference. */
  changeOrderItems(
    req: {
      customerId: string;
      orderId: string;
      changes: LineChange[];
      methodId: string | null;
      /** The difference the caller's check quoted; a shop that now computes another refuses. */
      differenceCents?: number;
    },
    call: ShopWrite,
  ): Promise<OrderChange>;
  /** Pays an unshipped order with another of the customer's methods (a gift card up to its balance). */
  changeOrderPayment(
    req: { customerId: string; orderId: string; methodId: string },
    call: ShopWrite,
  ): Promise<OrderChange>;
  /** Puts an order's lines, stock and payments back as they were before a change (compensation). */
  revertOrderChange(req: { changeId: string }, call: ShopWrite): Promise<Order>;
}
