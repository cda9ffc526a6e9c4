import { describe, expect, it } from 'vitest';
import {
  changeItemsPlan,
  defaultAddressPlan,
  exchangePlan,
} from '../../src/domains/retail/desk-playbooks.js';
import { returnPlan } from '../../src/domains/retail/playbooks.js';
import { createShopHarness, payPartWithGiftCard } from '../helpers/shop-harness.js';

const swap = { sku: 'SKU-RAIN-M', newSku: 'SKU-RAIN-XL', quantity: null, paymentMethodId: null };
const stock = (h: ReturnType<typeof createShopHarness>, sku: string) =>
  h.db.prepare('SELECT stock FROM shop_products WHERE sku = ?').pluck().get(sku) as number;

describe('desk playbooks against the sandbox shop, through the executor', () => {
  it('undoes an exchange when a later critical step fails: label voided, stock and money put back', async () => {
    const h = createShopHarness();
    const plan = exchangePlan('ORD-1103', swap, 0.95);
    // A critical step that must fail after the exchange: ORD-1103 is delivered, so it cannot change.
    const failing = {
      id: 'change',
      tool: 'check_order_change',
      args: { changes: [{ sku: 'SKU-RAIN-M', newSku: null, quantity: null }] },
    };
    plan.steps.splice(3, 0, failing);
    const result = await h.executor.start({ plan, customerId: 'C-1026' });
    expect(result.workflow.status).toBe('compensated');
    const record = await h.shop.describeOrder('ORD-1103');
    expect(record?.exchanges?.map((e) => e.status)).toEqual(['cancelled']);
    expect(record?.labels.map((l) => l.status)).toEqual(['void']);
    expect(stock(h, 'SKU-RAIN-XL')).toBe(2);
    expect(record?.order.payments).toEqual([
      { methodId: 'pm-1026-mc', label: 'Mastercard ending 5555', amountCents: 15900 },
    ]);
  });

  it('puts an unshipped order back, money included, when its change is compensated', async () => {
    const h = createShopHarness();
    const plan = changeItemsPlan('ORD-1102', [{ sku: 'SKU-BAG', newSku: null, quantity: null }], null, 0.95);
    // A critical step that fails after the change: ORD-1102 has not been delivered, so no exchange.
    plan.steps.splice(3, 0, {
      id: 'fail',
      tool: 'check_exchange',
      args: { sku: 'SKU-TEE-BLU-S', newSku: 'SKU-TEE-BLU-M', quantity: null },
    });
    const result = await h.executor.start({ plan, customerId: 'C-1025' });
    expect(result.workflow.status).toBe('compensated');
    const order = await h.shop.getOrder('C-1025', 'ORD-1102');
    expect(order?.items.map((i) => i.sku)).toEqual(['SKU-BAG', 'SKU-TEE-BLU-S']);
    expect(order?.payments).toEqual([{ methodId: 'pm-1025-paypal', label: 'PayPal', amountCents: 17499 }]);
    expect(stock(h, 'SKU-BAG')).toBe(48);
  });

  it('settles the difference its check quoted: 10.00 USD charged for the XL, 145.00 USD paid back for the bag', async () => {
    const h = createShopHarness();
    const exchange = await h.executor.start({
      plan: exchangePlan('ORD-1103', swap, 0.95),
      customerId: 'C-1026',
    });
    expect(exchange.workflow.status).toBe('completed');
    expect(exchange.context.exchange).toMatchObject({ differenceCents: 1000 });
    const bag = [{ sku: 'SKU-BAG', newSku: null, quantity: null }];
    const change = await h.executor.start({
      plan: changeItemsPlan('ORD-1102', bag, null, 0.95),
      customerId: 'C-1025',
    });
    expect(change.workflow.status).toBe('completed');
    expect(change.context.orderChangeQuote).toMatchObject({ differenceCents: -14500, totalCents: 2999 });
    expect(change.context.orderChange).toMatchObject({ settlement: { differenceCents: -14500 } });
  });

  it('refuses a plan whose refunds pass what any one check computed, before the refund, and undoes the change', async () => {
    const h = createShopHarness();
    const plan = {
      intent: 'modify_order',
      confidence: 1,
      steps: [
        { id: 'shoes', tool: 'lookup_order', args: { orderId: 'ORD-1101' } },
        { id: 'eligible', tool: 'check_return_eligibility', args: { skus: ['SKU-TRAIL-9'], reason: 'x' } },
        { id: 'bag', tool: 'lookup_order', args: { orderId: 'ORD-1102' } },
        {
          id: 'check',
          tool: 'check_order_change',
          args: { changes: [{ sku: 'SKU-BAG', newSku: null, quantity: null }] },
        },
        { id: 'change', tool: 'change_order_items', args: { paymentMethodId: null } },
        { id: 'refund', tool: 'schedule_refund', args: {} },
      ],
    };
    const result = await h.executor.start({ plan, customerId: 'C-1025' });
    expect(result.workflow.status).toBe('compensated');
    expect(result.workflow.outcome).toMatchObject({ stepId: 'refund', code: 'MONEY_OVER_BOUND' });
    expect(h.count('shop_refunds')).toBe(0);
    const order = await h.shop.getOrder('C-1025', 'ORD-1102');
    expect(order?.payments).toEqual([{ methodId: 'pm-1025-paypal', label: 'PayPal', amountCents: 17499 }]);
    expect(order?.items.map((i) => i.sku)).toEqual(['SKU-BAG', 'SKU-TEE-BLU-S']);
  });

  it('refuses a change its check refuses (more units than the line holds) before anything changes', async () => {
    const h = createShopHarness();
    const swapTee = [{ sku: 'SKU-TEE-BLU-S', newSku: 'SKU-TEE-BLU-M', quantity: 10 }];
    const result = await h.executor.start({
      plan: changeItemsPlan('ORD-1102', swapTee, null, 0.95),
      customerId: 'C-1025',
    });
    expect(result.workflow.status).toBe('failed');
    expect(result.workflow.outcome).toMatchObject({
      stepId: 'check',
      message: 'Order ORD-1102 has only 1 of Organic Cotton Tee (Blue, size S)',
    });
    expect(h.count('shop_order_changes')).toBe(0);
  });

  it('refunds two of three sock packs to the gift card, and the balance follows', async () => {
    const h = createShopHarness();
    const plan = returnPlan('ORD-1105', {
      skus: ['SKU-SOCK-3P'],
      reason: 'Too many',
      confidence: 0.95,
      units: { sku: 'SKU-SOCK-3P', quantity: 2 },
      refundTo: 'pm-1026-gift',
    });
    const result = await h.executor.start({ plan, customerId: 'C-1026' });
    expect(result.workflow.status).toBe('completed');
    const record = await h.shop.describeOrder('ORD-1105');
    expect(record?.refunds).toEqual([
      expect.objectContaining({ amountCents: 3600, methodId: 'pm-1026-gift' }),
    ]);
    const profile = await h.shop.getProfile('C-1026');
    expect(profile?.paymentMethods.find((m) => m.kind === 'gift_card')?.balanceCents).toBe(2500 + 3600);
  });

  it('refuses, with the reason and before any write, a refund to a card of an order a gift card paid in part', async () => {
    const h = createShopHarness();
    payPartWithGiftCard(h);
    const plan = returnPlan('ORD-1103', { reason: 'x', confidence: 0.95, refundTo: 'pm-1026-mc' });
    const result = await h.executor.start({ plan, customerId: 'C-1026' });
    expect(result.workflow.status).toBe('failed');
    expect(result.workflow.outcome).toMatchObject({
      stepId: 'refund_to',
      message:
        'ORD-1103 was paid in part with Gift card GC-1026, so its refund goes back to a gift card as store credit, not to Mastercard ending 5555',
    });
    expect([h.count('shop_return_labels'), h.count('shop_refunds')]).toEqual([0, 0]);
    const gift = returnPlan('ORD-1103', { reason: 'x', confidence: 0.95, refundTo: 'pm-1026-gift' });
    expect((await h.executor.start({ plan: gift, customerId: 'C-1026' })).workflow.status).toBe('completed');
  });

  it("refuses a plan naming another customer's payment method before anything runs", async () => {
    const h = createShopHarness();
    const plan = returnPlan('ORD-1105', { reason: 'x', confidence: 0.95, refundTo: 'pm-1025-visa' });
    const facts = await h.domain.facts('C-1026');
    const issues = h.domain.ownership(plan, facts, 'C-1026');
    expect(issues.map((i) => i.code)).toEqual(['PAYMENT_METHOD_NOT_OWNED']);
  });

  it('changes the default address and restores it when the workflow is compensated', async () => {
    const h = createShopHarness();
    const address = {
      name: 'Jordan Blake',
      line1: '45 Cedar Road',
      line2: null,
      city: 'Seattle',
      postalCode: '98109',
      country: 'US',
    };
    const plan = defaultAddressPlan(address, 0.95);
    // A critical step that fails after the change: ORD-1102 is not delivered, so no exchange.
    plan.steps.push(
      { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1102' } },
      {
        id: 'fail',
        tool: 'check_exchange',
        args: { sku: 'SKU-TEE-BLU-S', newSku: 'SKU-TEE-BLU-M', quantity: null },
      },
    );
    const result = await h.executor.start({ plan, customerId: 'C-1025' });
    expect(result.workflow.status).toBe('compensated');
    expect((await h.shop.getProfile('C-1025'))?.defaultAddress.line1).toBe('221 Pine Street');
  });
});
