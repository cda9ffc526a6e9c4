import { z } from 'zod';
import { PermanentToolError } from '../../../errors.js';
import { defineRetailTool } from '../ports.js';
import { Address, Order, Shipment } from '../shop.js';
import { recallWrite } from './recall.js';

export const OrderId = z
  .string()
  .regex(/^ORD-\d{4,8}$/, 'order numbers look like ORD-1001')
  .describe('The order number, e.g. "ORD-1001"');

const AddressChange = z.object({ orderId: z.string(), previousAddress: Address, newAddress: Address });

export const lookupOrder = defineRetailTool({
  name: 'lookup_order',
  description:
    "Looks up one of the signed-in customer's orders by number: status, items, dates, shipping address and tracking. First step of any plan about an order.",
  input: z.strictObject({ orderId: OrderId }),
  writes: { order: Order },
  effect: 'read',
  async run({ orderId }, ctx) {
    const order = await ctx.ports.shop.getOrder(ctx.customerId, orderId, { signal: ctx.signal });
    // The same answer for "no such order" and "someone else's order": existence is not disclosed.
    if (!order)
      throw new PermanentToolError(`Order ${orderId} was not found on this account`, {
        details: { orderId },
      });
    return { order };
  },
});

export const cancelOrder = defineRetailTool({
  name: 'cancel_order',
  description:
    'Cancels an order that has not shipped yet. Fails for orders that have shipped or been delivered.',
  input: z.strictObject({ reason: z.string().max(500).describe("The customer's reason, in their words") }),
  reads: { order: Order },
  writes: {
    cancellation: z.object({
      orderId: z.string(),
      status: z.literal('cancelled'),
      releasedCents: z.number().int(),
      currency: z.string(),
    }),
  },
  effect: 'write',
  requires: ['lookup_order'],
  async run({ reason }, ctx) {
    const { order } = ctx.context;
    if (order.status !== 'placed') {
      throw new PermanentToolError(
        `Order ${order.id} has ${order.status === 'cancelled' ? 'already been cancelled' : `${order.status} and can no longer be cancelled`}`,
        { details: { orderId: order.id, status: order.status } },
      );
    }
    const cancelled = await ctx.ports.shop.cancelOrder(
      { customerId: ctx.customerId, orderId: order.id, reason },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return {
      cancellation: {
        orderId: cancelled.id,
        status: 'cancelled' as const,
        releasedCents: cancelled.totalCents,
        currency: cancelled.currency,
      },
    };
  },
});

export const changeShippingAddress = defineRetailTool({
  name: 'change_shipping_address',
  description: 'Changes the shipping address of an order that has not shipped yet.',
  input: z.strictObject({ address: Address }),
  reads: { order: Order },
  writes: { addressChange: AddressChange },
  effect: 'write',
  requires: ['lookup_order'],
  compensate: 'restore_shipping_address',
  async recall(ctx) {
    const Changed = z.object({ order: Order, previousAddress: Address });
    const changed = await recallWrite(
      ctx.ports.shop,
      'change_shipping_address',
      ctx.idempotencyKey,
      Changed,
      ctx.signal,
    );
    if (!changed) return null;
    const { order, previousAddress } = changed;
    return { addressChange: { orderId: order.id, previousAddress, newAddress: order.shippingAddress } };
  },
  async run({ address }, ctx) {
    const { order } = ctx.context;
    if (order.status !== 'placed') {
      throw new PermanentToolError(
        `Order ${order.id} has ${order.status}; its address can no longer be changed`,
        { details: { orderId: order.id, status: order.status } },
      );
    }
    const changed = await ctx.ports.shop.changeShippingAddress(
      { customerId: ctx.customerId, orderId: order.id, address },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return {
      addressChange: {
        orderId: order.id,
        previousAddress: changed.previousAddress,
        newAddress: changed.order.shippingAddress,
      },
    };
  },
});

export const restoreShippingAddress = defineRetailTool({
  name: 'restore_shipping_address',
  description: 'Puts back the shipping address an address change replaced (compensation only).',
  input: z.object({ addressChange: AddressChange }),
  writes: { restoredAddress: Address },
  effect: 'write',
  plannable: false,
  async run({ addressChange }, ctx) {
    const { order } = await ctx.ports.shop.changeShippingAddress(
      { customerId: ctx.customerId, orderId: addressChange.orderId, address: addressChange.previousAddress },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { restoredAddress: order.shippingAddress };
  },
});

export const trackShipment = defineRetailTool({
  name: 'track_shipment',
  description: 'Gets the carrier, tracking number, status and recent events of a shipped order.',
  input: z.strictObject({}),
  reads: { order: Order },
  writes: { shipment: Shipment.nullable() },
  effect: 'read',
  requires: ['lookup_order'],
  async run(_input, ctx) {
    const { order } = ctx.context;
    return { shipment: await ctx.ports.shop.trackShipment(ctx.customerId, order.id, { signal: ctx.signal }) };
  },
});
