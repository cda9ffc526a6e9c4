import { z } from 'zod';
import { LineChange } from '../exchanges.js';
import { OrderChangeQuote, quoteChange } from '../order-changes.js';
import { Payment, Settlement } from '../payments.js';
import { defineRetailTool } from '../ports.js';
import { Order, OrderItem } from '../shop.js';

/** What a change to an unshipped order did, enough to undo it. */
export const OrderChangeRecord = z.object({
  changeId: z.string(),
  orderId: z.string(),
  previousItems: z.array(OrderItem),
  previousPayments: z.array(Payment),
  items: z.array(OrderItem),
  totalCents: z.number().int(),
  payments: z.array(Payment),
  settlement: Settlement,
});

const record = (change: Awaited<ReturnType<import('../shop.js').Shop['changeOrderItems']>>) => ({
  changeId: change.changeId,
  orderId: change.order.id,
  previousItems: change.previousItems,
  previousPayments: change.previousPayments,
  items: change.order.items,
  totalCents: change.order.totalCents,
  payments: change.order.payments ?? [],
  settlement: change.settlement,
});

export const checkOrderChange = defineRetailTool({
  name: 'check_order_change',
  description:
    'Checks a change to the items of an order that has not shipped and computes the new total and the price difference: swap a line to another variant (size, colour) of the same product, or remove units or whole lines. Required before change_order_items. An order left empty is a cancel: use cancel_order instead.',
  input: z.strictObject({ changes: z.array(LineChange).min(1).max(10) }),
  reads: { order: Order },
  writes: { orderChangeQuote: OrderChangeQuote },
  effect: 'read',
  requires: ['lookup_order'],
  // The change may charge, or pay back, the difference computed here and no more.
  bounds: { kind: 'difference', amount: ({ orderChangeQuote }) => orderChangeQuote.differenceCents },
  async run({ changes }, ctx) {
    const products = await ctx.ports.shop.listProducts({ signal: ctx.signal });
    return { orderChangeQuote: { ...quoteChange(ctx.context.order, changes, products), changes } };
  },
});

export const changeOrderItems = defineRetailTool({
  name: 'change_order_items',
  description:
    'Makes the checked change to the items of an order that has not shipped; the price difference is charged or paid back to the chosen payment method.',
  input: z.strictObject({
    paymentMethodId: z
      .string()
      .nullable()
      .describe(
        'A payment method id of the customer to settle the difference with, or null for the one that paid',
      ),
  }),
  reads: { order: Order, orderChangeQuote: OrderChangeQuote },
  writes: { orderChange: OrderChangeRecord },
  effect: 'write',
  requires: ['check_order_change'],
  compensate: 'revert_order_change',
  money: { kind: 'difference', amount: ({ context }) => context.orderChangeQuote.differenceCents },
  async run({ paymentMethodId }, ctx) {
    const quote = ctx.context.orderChangeQuote;
    const change = await ctx.ports.shop.changeOrderItems(
      {
        customerId: ctx.customerId,
        orderId: quote.orderId,
        changes: quote.changes,
        methodId: paymentMethodId,
        differenceCents: quote.differenceCents,
      },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { orderChange: record(change) };
  },
});

export const changeOrderPayment = defineRetailTool({
  name: 'change_order_payment',
  description:
    "Pays an order that has not shipped with another of the customer's payment methods; a gift card pays what its balance covers and the rest stays on the previous method.",
  input: z.strictObject({ paymentMethodId: z.string().describe("One of the customer's payment method ids") }),
  reads: { order: Order },
  writes: { orderChange: OrderChangeRecord },
  effect: 'write',
  requires: ['lookup_order'],
  compensate: 'revert_order_change',
  async run({ paymentMethodId }, ctx) {
    const change = await ctx.ports.shop.changeOrderPayment(
      { customerId: ctx.customerId, orderId: ctx.context.order.id, methodId: paymentMethodId },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { orderChange: record(change) };
  },
});

export const revertOrderChange = defineRetailTool({
  name: 'revert_order_change',
  description: "Puts an order's items and payments back as they were before a change (compensation only).",
  input: z.object({ orderChange: OrderChangeRecord }),
  writes: { revertedOrder: Order },
  effect: 'write',
  plannable: false,
  async run({ orderChange }, ctx) {
    return {
      revertedOrder: await ctx.ports.shop.revertOrderChange(
        { changeId: orderChange.changeId },
        { key: ctx.idempotencyKey, signal: ctx.signal },
      ),
    };
  },
});
