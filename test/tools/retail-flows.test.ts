import { describe, expect, it } from 'vitest';
import { PlanInvalidError } from '../../src/errors.js';
import { createShopHarness, fixturePlan } from '../helpers/shop-harness.js';

const returnPlan = fixturePlan('return-ord-1001');

describe('retail playbooks against the sandbox shop', () => {
  it('returns ORD-1001: label, items marked returning, refund of the order total, email', async () => {
    const h = createShopHarness();
    const result = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(result.workflow.status).toBe('completed');
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.labels).toHaveLength(1);
    expect(record?.labels[0]?.status).toBe('active');
    expect(record?.refunds).toEqual([
      expect.objectContaining({ amountCents: record?.order.totalCents, status: 'scheduled' }),
    ]);
    expect(record?.emails).toHaveLength(1);
    expect(record?.inventory.every((i) => i.state === 'returning')).toBe(true);
  });

  it('retries a label that fails twice and still creates exactly one', async () => {
    const h = createShopHarness({ faults: 'create_return_label:fail=2' });
    const result = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(result.workflow.status).toBe('completed');
    expect(result.steps.find((s) => s.stepId === 'label')?.attempts).toBe(3);
    expect((await h.shop.describeOrder('ORD-1001'))?.labels).toHaveLength(1);
  });

  it('completes degraded when email is down, with the label in the result', async () => {
    const h = createShopHarness({ faults: 'send_confirmation_email:fail=always' });
    const result = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(result.workflow).toMatchObject({ status: 'completed', degraded: true });
    expect(result.context.label).toBeDefined();
    expect((await h.shop.describeOrder('ORD-1001'))?.emails).toHaveLength(0);
  });

  it('undoes label and inventory in reverse when the refund cannot be scheduled', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:fail=always' });
    const result = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(result.workflow.status).toBe('compensated');
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.labels.map((l) => l.status)).toEqual(['void']);
    expect(record?.inventory.every((i) => i.state === 'sold')).toBe(true);
    expect(record?.refunds).toEqual([]);
    const undone = (await h.store.journal(result.workflow.id)).filter(
      (e) => e.type === 'compensation.completed',
    );
    expect(undone.map((e) => e.stepId)).toEqual(['inventory', 'label']);
  });

  it('sends a return outside the 60-day window to a human; approve completes it', async () => {
    const h = createShopHarness();
    const waiting = await h.executor.start({ plan: fixturePlan('return-ord-1002'), customerId: 'C-1001' });
    expect(waiting.workflow.status).toBe('waiting_for_human');
    expect(waiting.escalation?.reason).toMatch(
      /ORD-1002 was delivered 90 days ago, outside the 60-day return window/,
    );
    const done = await h
      .restart()
      .decide(waiting.escalation?.id ?? '', { decision: 'approve', decidedBy: 'ana', note: 'goodwill' });
    expect(done.workflow.status).toBe('completed');
    expect(done.context.eligibility).toMatchObject({ approvedByHuman: true });
    expect((await h.shop.describeOrder('ORD-1002'))?.refunds).toHaveLength(1);
  });

  it('rejecting the late return ends it rejected with nothing created', async () => {
    const h = createShopHarness();
    const waiting = await h.executor.start({ plan: fixturePlan('return-ord-1002'), customerId: 'C-1001' });
    const done = await h.executor.decide(waiting.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'ana',
    });
    expect(done.workflow.status).toBe('rejected');
    const record = await h.shop.describeOrder('ORD-1002');
    expect([record?.labels, record?.refunds, record?.emails]).toEqual([[], [], []]);
  });

  it('refuses final-sale items by name, before any label', async () => {
    const h = createShopHarness();
    const result = await h.executor.start({ plan: fixturePlan('return-ord-1003'), customerId: 'C-1002' });
    expect(result.workflow.status).toBe('failed');
    expect(result.workflow.outcome?.message).toMatch(/^Final-sale items cannot be returned: .+/);
    expect((await h.shop.describeOrder('ORD-1003'))?.labels).toEqual([]);
  });

  it('holds a refund over the approval limit; reject voids the label and restores inventory', async () => {
    const h = createShopHarness();
    const waiting = await h.executor.start({ plan: fixturePlan('return-ord-1006'), customerId: 'C-1003' });
    expect(waiting.escalation).toMatchObject({ kind: 'approval', stepId: 'refund' });
    expect(waiting.escalation?.reason).toMatch(/over the 500\.00 USD approval limit/);
    const done = await h.executor.decide(waiting.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'ana',
    });
    expect(done.workflow.status).toBe('rejected');
    const record = await h.shop.describeOrder('ORD-1006');
    expect(record?.labels.map((l) => l.status)).toEqual(['void']);
    expect(record?.refunds).toEqual([]);
  });

  it('does not let another customer touch ORD-1001: the plan fails validation (ORDER_NOT_OWNED), nothing is stored', async () => {
    // On main this plan was stored and run, and only the shop's scoping stopped it at the lookup.
    const h = createShopHarness();
    const start = h.executor.start({ plan: returnPlan, customerId: 'C-1002' });
    await expect(start).rejects.toThrow(PlanInvalidError);
    await expect(start).rejects.toThrow(
      /ORDER_NOT_OWNED: order ORD-1001 is not one of this customer's orders/,
    );
    expect(await h.store.listWorkflows({})).toEqual([]);
    const record = await h.shop.describeOrder('ORD-1001');
    expect([record?.labels, record?.refunds, record?.emails]).toEqual([[], [], []]);
  });

  it('refuses a plan for one item of ORD-1001 that refunds twice, before any side effect', async () => {
    const h = createShopHarness();
    const plan = {
      intent: 'return',
      confidence: 1,
      steps: [
        { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1001' } },
        {
          id: 'eligibility',
          tool: 'check_return_eligibility',
          args: { skus: ['SKU-TEE-BLU'], reason: 'small' },
        },
        { id: 'label', tool: 'create_return_label', args: {} },
        { id: 'refund', tool: 'schedule_refund', args: {} },
        { id: 'refund2', tool: 'schedule_refund', args: {} },
        { id: 'email', tool: 'send_confirmation_email', args: { template: 'return_confirmation' } },
      ],
    };
    await expect(h.executor.start({ plan, customerId: 'C-1001' })).rejects.toThrow(/WRITE_REPEATED/);
    const record = await h.shop.describeOrder('ORD-1001');
    expect([record?.labels, record?.refunds, record?.emails]).toEqual([[], [], []]);
  });

  it('refuses a second refund for an order already refunded', async () => {
    const h = createShopHarness();
    await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    const again = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(again.workflow.status).toBe('failed');
    expect(again.workflow.outcome?.message).toMatch(/already been refunded/);
    expect((await h.shop.describeOrder('ORD-1001'))?.refunds).toHaveLength(1);
  });

  it('cancels an unshipped order, changes its address, and tracks a shipment', async () => {
    const h = createShopHarness();
    const address = await h.executor.start({ plan: fixturePlan('address-ord-1004'), customerId: 'C-1002' });
    expect(address.workflow.status).toBe('completed');
    expect((await h.shop.describeOrder('ORD-1004'))?.order.shippingAddress.line1).toBe('88 Harbour Street');
    const cancel = await h.executor.start({ plan: fixturePlan('cancel-ord-1004'), customerId: 'C-1002' });
    expect(cancel.workflow.status).toBe('completed');
    expect((await h.shop.describeOrder('ORD-1004'))?.order.status).toBe('cancelled');
    const track = await h.executor.start({ plan: fixturePlan('track-ord-1005'), customerId: 'C-1003' });
    expect(track.context.shipment).toMatchObject({
      status: 'in_transit',
      trackingNumber: expect.any(String),
    });
  });

  it('times out a refund call that hangs, changes nothing with it, and compensates', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:delay=15000' });
    const result = await h.executor.start({ plan: returnPlan, customerId: 'C-1001' });
    expect(result.workflow.status).toBe('compensated');
    const timeouts = (await h.store.journal(result.workflow.id)).filter(
      (e) => e.type === 'step.attempt_failed' && e.data?.code === 'STEP_TIMEOUT',
    );
    expect(timeouts.map((e) => e.data?.attempt)).toEqual([1, 2, 3]);
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.refunds).toEqual([]);
    expect(record?.labels.map((l) => l.status)).toEqual(['void']);
  });
});
