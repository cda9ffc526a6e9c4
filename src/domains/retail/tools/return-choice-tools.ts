import { z } from 'zod';
import { PermanentToolError } from '../../../errors.js';
import { giftCardPayments, PaymentMethod } from '../payments.js';
import { defineRetailTool } from '../ports.js';
import { Order } from '../shop.js';
import { Eligibility } from './return-tools.js';

export const returnUnits = defineRetailTool({
  name: 'return_units',
  description:
    'Narrows a checked return to some units of one line ("2 of the 3 packs of socks"); the refund is recomputed for those units. After check_return_eligibility, before the label.',
  input: z.strictObject({
    sku: z.string().describe('The SKU of the line'),
    quantity: z.number().int().positive().describe('How many units of it to return'),
  }),
  reads: { order: Order, eligibility: Eligibility },
  writes: { partialReturn: Eligibility },
  effect: 'read',
  requires: ['check_return_eligibility'],
  async run({ sku, quantity }, ctx) {
    const { eligibility } = ctx.context;
    const line = eligibility.items.find((i) => i.sku === sku);
    if (!line || quantity > line.quantity) {
      throw new PermanentToolError(
        line
          ? `${eligibility.orderId} has only ${line.quantity} of ${line.name} to return`
          : `${sku} is not among the items being returned from ${eligibility.orderId}`,
        { details: { orderId: eligibility.orderId, sku, quantity } },
      );
    }
    const items = eligibility.items.map((i) => (i.sku === sku ? { ...i, quantity } : i));
    const itemsCents = items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0);
    // Never more than the check allowed (what is left to refund on the order).
    return {
      partialReturn: { ...eligibility, items, refundCents: Math.min(itemsCents, eligibility.refundCents) },
    };
  },
});

export const chooseRefundMethod = defineRetailTool({
  name: 'choose_refund_method',
  description:
    "Sends a return's refund to another of the customer's own payment methods (a gift card as store credit, or a card or PayPal on their profile) instead of the one the order was paid with. What a gift card paid goes back only to a gift card.",
  input: z.strictObject({ paymentMethodId: z.string().describe("One of the customer's payment method ids") }),
  reads: { order: Order },
  writes: { refundMethod: PaymentMethod },
  effect: 'read',
  requires: ['lookup_order'],
  async run({ paymentMethodId }, ctx) {
    const profile = await ctx.ports.shop.getProfile(ctx.customerId, { signal: ctx.signal });
    const method = profile?.paymentMethods.find((m) => m.methodId === paymentMethodId);
    // Refunds go only to the customer's own methods; anything else is another person's money.
    if (!method) {
      throw new PermanentToolError(`Payment method ${paymentMethodId} is not on this account`, {
        details: { paymentMethodId },
      });
    }
    refuseOutsidePolicy(ctx.context.order, method, profile?.paymentMethods ?? []);
    return { refundMethod: method };
  },
});

/**
 * The refund policy: what a gift card paid for goes back as store credit, so a refund of an order
 * a gift card paid (in part) goes to a gift card, never out to a card or PayPal as cash.
 */
function refuseOutsidePolicy(order: Order, method: PaymentMethod, methods: PaymentMethod[]): void {
  const gift = giftCardPayments(order, methods);
  if (method.kind === 'gift_card' || gift.length === 0) return;
  throw new PermanentToolError(
    `${order.id} was paid in part with ${gift.join(', ')}, so its refund goes back to a gift card as store credit, not to ${method.label}`,
    { details: { orderId: order.id, paymentMethodId: method.methodId, policy: 'refund_destination' } },
  );
}
