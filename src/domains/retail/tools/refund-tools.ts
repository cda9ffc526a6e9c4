import { z } from 'zod';
import { REFUND_APPROVAL_LIMIT_CENTS } from '../defaults.js';
import { formatMoney } from '../money.js';
import { PaymentMethod } from '../payments.js';
import { defineRetailTool } from '../ports.js';
import { Order, Refund } from '../shop.js';
import { recallWrite } from './recall.js';
import { Eligibility } from './return-tools.js';

export const scheduleRefund = defineRetailTool({
  name: 'schedule_refund',
  description: `Schedules the refund for a return. The amount is computed from the order by the eligibility check, never given in the plan. Refunds over ${formatMoney(REFUND_APPROVAL_LIMIT_CENTS, 'USD')} wait for a human's approval.`,
  input: z.strictObject({}),
  reads: {
    order: Order,
    eligibility: Eligibility,
    partialReturn: Eligibility.optional(),
    refundMethod: PaymentMethod.optional(),
  },
  writes: { refund: Refund },
  effect: 'write',
  requires: ['check_return_eligibility'],
  compensate: 'cancel_refund',
  // Some units of a line (return_units) are refunded for those units only, never more than checked.
  money: {
    kind: 'refund',
    amount: ({ context }) => (context.partialReturn ?? context.eligibility).refundCents,
  },
  // The limit is judged on every refund the plan makes, so two small ones cannot slip past it.
  approval: ({ context, planMoney }) => {
    const e = context.partialReturn ?? context.eligibility;
    return planMoney.refund > REFUND_APPROVAL_LIMIT_CENTS
      ? `Refund of ${formatMoney(planMoney.refund, e.currency)} for ${e.orderId} is over the ${formatMoney(REFUND_APPROVAL_LIMIT_CENTS, e.currency)} approval limit`
      : null;
  },
  async recall(ctx) {
    const refund = await recallWrite(
      ctx.ports.shop,
      'schedule_refund',
      ctx.idempotencyKey,
      Refund,
      ctx.signal,
    );
    return refund ? { refund } : null;
  },
  async run(_input, ctx) {
    // Some units of a line (return_units) are refunded for those units only.
    const eligibility = ctx.context.partialReturn ?? ctx.context.eligibility;
    const { refundMethod } = ctx.context;
    const refund = await ctx.ports.shop.scheduleRefund(
      {
        customerId: ctx.customerId,
        orderId: eligibility.orderId,
        amountCents: eligibility.refundCents,
        reason: eligibility.reason,
        ...(refundMethod ? { methodId: refundMethod.methodId } : {}),
      },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { refund };
  },
});

export const cancelRefund = defineRetailTool({
  name: 'cancel_refund',
  description: 'Cancels a scheduled refund before it is paid (compensation only).',
  input: z.object({ refund: Refund }),
  writes: { cancelledRefund: Refund },
  effect: 'write',
  plannable: false,
  async run({ refund }, ctx) {
    return {
      cancelledRefund: await ctx.ports.shop.cancelRefund(
        { refundId: refund.refundId },
        { key: ctx.idempotencyKey, signal: ctx.signal },
      ),
    };
  },
});

export const getRefundStatus = defineRetailTool({
  name: 'get_refund_status',
  description: 'Lists the refunds of an order with their amounts, status and expected dates.',
  input: z.strictObject({}),
  reads: { order: Order },
  writes: { refunds: z.array(Refund) },
  effect: 'read',
  requires: ['lookup_order'],
  async run(_input, ctx) {
    return {
      refunds: await ctx.ports.shop.listRefunds(ctx.customerId, ctx.context.order.id, { signal: ctx.signal }),
    };
  },
});
