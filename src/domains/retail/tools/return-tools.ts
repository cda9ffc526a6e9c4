import { z } from 'zod';
import { EscalateToHuman, PermanentToolError } from '../../../errors.js';
import { RETURN_WINDOW_DAYS } from '../defaults.js';
import { addDays, daysBetween, formatMoney } from '../money.js';
import { defineRetailTool } from '../ports.js';
import { InventoryItem, Order, ReturnLabel } from '../shop.js';
import { recallWrite } from './recall.js';

/** What may be returned from an order, and for how much; computed from stored data only. */
export const Eligibility = z.object({
  orderId: z.string(),
  items: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
    }),
  ),
  refundCents: z.number().int().nonnegative(),
  currency: z.string(),
  reason: z.string(),
  deliveredAt: z.string(),
  windowEndsAt: z.string(),
  /** True when a human approved a return the rules alone would not allow. */
  approvedByHuman: z.boolean(),
});
export type Eligibility = z.infer<typeof Eligibility>;

const Returning = z.object({
  orderId: z.string(),
  items: z.array(InventoryItem),
  /** The key of the write that marked them, so undoing it puts back only its own marks. */
  markedBy: z.string().optional(),
});

/**
 * Which return rule a refusal of the check broke, in its details as `rule`, so a confirmation can
 * say why an item is left out without parsing a message.
 */
export const RETURN_RULES = ['not_delivered', 'unknown_item', 'final_sale', 'already_refunded'] as const;
export type ReturnRule = (typeof RETURN_RULES)[number];

/**
 * The items of a delivered order the customer may return (all of them when `skus` is null); an
 * undelivered order, an unknown SKU or a final-sale item is a permanent failure.
 */
function returnableItems(
  order: Order,
  skus: string[] | null,
): { chosen: Order['items']; deliveredAt: string } {
  if (order.status !== 'delivered' || !order.deliveredAt) {
    throw new PermanentToolError(
      `Order ${order.id} has not been delivered yet (it is ${order.status}); returns open after delivery`,
      { details: { orderId: order.id, status: order.status, rule: 'not_delivered' } },
    );
  }
  const chosen = skus === null ? order.items : order.items.filter((item) => skus.includes(item.sku));
  const unknown = (skus ?? []).filter((sku) => !order.items.some((item) => item.sku === sku));
  if (unknown.length > 0 || chosen.length === 0) {
    throw new PermanentToolError(`Order ${order.id} has no item ${unknown.join(', ') || 'to return'}`, {
      details: { orderId: order.id, unknown, rule: 'unknown_item' },
    });
  }
  const finalSale = chosen.filter((item) => item.finalSale);
  if (finalSale.length > 0) {
    const names = finalSale.map((item) => item.name);
    throw new PermanentToolError(`Final-sale items cannot be returned: ${names.join(', ')}`, {
      details: { orderId: order.id, finalSale: names, rule: 'final_sale' },
    });
  }
  return { chosen, deliveredAt: order.deliveredAt };
}

export const checkReturnEligibility = defineRetailTool({
  name: 'check_return_eligibility',
  description: `Checks which items of a delivered order can be returned and computes the refund from the order. Returns after ${RETURN_WINDOW_DAYS} days go to a human; final-sale items cannot be returned. Required before any return step.`,
  input: z.strictObject({
    skus: z
      .array(z.string())
      .max(50)
      .nullable()
      .describe('The items to return by SKU, or null for every item'),
    reason: z.string().max(500).describe('Why the customer returns the items, in their words'),
  }),
  reads: { order: Order },
  writes: { eligibility: Eligibility },
  effect: 'read',
  requires: ['lookup_order'],
  // What is left to refund on the order: no plan refunds more than this, however many steps it has.
  bounds: { kind: 'refund', amount: ({ eligibility }) => eligibility.refundCents },
  async run({ skus, reason }, ctx) {
    const { order } = ctx.context;
    const { chosen, deliveredAt } = returnableItems(order, skus);
    const delivered = new Date(deliveredAt);
    const days = daysBetween(delivered, ctx.clock.now());
    if (days > RETURN_WINDOW_DAYS && !ctx.approval) {
      throw new EscalateToHuman(
        `Order ${order.id} was delivered ${days} days ago, outside the ${RETURN_WINDOW_DAYS}-day return window`,
        {
          details: {
            orderId: order.id,
            deliveredAt,
            daysSinceDelivery: days,
            windowDays: RETURN_WINDOW_DAYS,
          },
          reasonKind: 'policy',
        },
      );
    }
    const itemsCents = chosen.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
    const refunds = await ctx.ports.shop.listRefunds(ctx.customerId, order.id, { signal: ctx.signal });
    const refunded = refunds
      .filter((r) => r.status !== 'cancelled')
      .reduce((sum, r) => sum + r.amountCents, 0);
    // Never refund more than was paid, whatever was asked or already refunded.
    const refundCents = Math.min(itemsCents, order.totalCents - refunded);
    if (refundCents <= 0) {
      throw new PermanentToolError(
        `Order ${order.id} has already been refunded (${formatMoney(refunded, order.currency)})`,
        { details: { orderId: order.id, refundedCents: refunded, rule: 'already_refunded' } },
      );
    }
    return {
      eligibility: {
        orderId: order.id,
        items: chosen.map(({ sku, name, quantity, unitPriceCents }) => ({
          sku,
          name,
          quantity,
          unitPriceCents,
        })),
        refundCents,
        currency: order.currency,
        reason,
        deliveredAt,
        windowEndsAt: addDays(delivered, RETURN_WINDOW_DAYS).toISOString(),
        approvedByHuman: ctx.approval !== null,
      },
    };
  },
});

const afterEligibility = {
  reads: { order: Order, eligibility: Eligibility },
  requires: ['check_return_eligibility'],
};

export const createReturnLabel = defineRetailTool({
  name: 'create_return_label',
  description: 'Creates a prepaid return shipping label for the eligible items of the order.',
  input: z.strictObject({}),
  ...afterEligibility,
  writes: { label: ReturnLabel },
  effect: 'write',
  compensate: 'void_return_label',
  async recall(ctx) {
    const label = await recallWrite(
      ctx.ports.shop,
      'create_return_label',
      ctx.idempotencyKey,
      ReturnLabel,
      ctx.signal,
    );
    return label ? { label } : null;
  },
  async run(_input, ctx) {
    const { eligibility } = ctx.context;
    const skus = eligibility.items.map((item) => item.sku);
    const label = await ctx.ports.shop.createReturnLabel(
      { customerId: ctx.customerId, orderId: eligibility.orderId, skus },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { label };
  },
});

export const voidReturnLabel = defineRetailTool({
  name: 'void_return_label',
  description: 'Voids a return label so it can no longer be used (compensation only).',
  input: z.object({ label: ReturnLabel }),
  writes: { voidedLabel: ReturnLabel },
  effect: 'write',
  plannable: false,
  async run({ label }, ctx) {
    return {
      voidedLabel: await ctx.ports.shop.voidReturnLabel(
        { labelId: label.labelId },
        { key: ctx.idempotencyKey, signal: ctx.signal },
      ),
    };
  },
});

export const markItemsReturning = defineRetailTool({
  name: 'mark_items_returning',
  description:
    'Marks the eligible items as on their way back in inventory, so stock and reports expect them.',
  input: z.strictObject({}),
  ...afterEligibility,
  writes: { returning: Returning },
  effect: 'write',
  compensate: 'restore_inventory',
  async recall(ctx) {
    const items = await recallWrite(
      ctx.ports.shop,
      'mark_items_returning',
      ctx.idempotencyKey,
      z.array(InventoryItem),
      ctx.signal,
    );
    const { orderId } = ctx.context.eligibility;
    return items ? { returning: { orderId, items, markedBy: ctx.idempotencyKey } } : null;
  },
  async run(_input, ctx) {
    const { eligibility } = ctx.context;
    const skus = eligibility.items.map((item) => item.sku);
    const items = await ctx.ports.shop.markItemsReturning(
      { orderId: eligibility.orderId, skus },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { returning: { orderId: eligibility.orderId, items, markedBy: ctx.idempotencyKey } };
  },
});

export const restoreInventory = defineRetailTool({
  name: 'restore_inventory',
  description: 'Puts items marked as returning back to sold (compensation only).',
  input: z.object({ returning: Returning }),
  writes: { restored: z.array(InventoryItem) },
  effect: 'write',
  plannable: false,
  async run({ returning }, ctx) {
    const skus = returning.items.map((item) => item.sku);
    return {
      restored: await ctx.ports.shop.restoreInventory(
        // Marks from before `markedBy` was kept are put back whole, as they always were.
        { orderId: returning.orderId, skus, ...(returning.markedBy ? { markedBy: returning.markedBy } : {}) },
        { key: ctx.idempotencyKey, signal: ctx.signal },
      ),
    };
  },
});
