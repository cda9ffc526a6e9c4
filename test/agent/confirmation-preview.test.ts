import { describe, expect, it } from 'vitest';
import { pendingPlanOf } from '../../src/agent/pending-action.js';
import type { PlanResult } from '../../src/planner/planner.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// The confirmation says only what a yes will do: it comes from a dry run of the plan's reads and
// checks, the plan asked about is the one that runs, and the reply after the yes matches it.
function setup() {
  const h = createShopHarness();
  return { h, conversations: conversationsOver(h, { confirmWrites: true }) };
}

async function shopOf(h: ReturnType<typeof createShopHarness>, orderId: string) {
  const record = await h.shop.describeOrder(orderId);
  return {
    refunds: record?.refunds.map((r) => r.amountCents) ?? [],
    labels: record?.labels.length ?? 0,
    returning: record?.inventory.filter((i) => i.state === 'returning').map((i) => i.sku) ?? [],
  };
}

async function ask(customerId: string, text: string) {
  const { h, conversations } = setup();
  const { id } = await conversations.start(customerId);
  const asked = await conversations.post(id, customerId, text);
  const conversation = await h.store.getConversation(id);
  const pending = pendingPlanOf(conversation?.pendingPlan);
  const yes = () => conversations.post(id, customerId, 'yes');
  return { h, asked, pending, yes };
}

const skusOf = (pending: PlanResult | null | undefined) =>
  pending?.plan.steps.find((s) => s.tool === 'check_return_eligibility')?.args.skus;

describe('a confirmation built from a dry run of the plan', () => {
  it('ORD-1003 with a final-sale scarf: asks about the cap alone, says why the scarf is left out, and the yes does exactly that', async () => {
    const { h, asked, pending, yes } = await ask('C-1002', 'I want to return ORD-1003');
    expect(asked.status).toBe('awaiting_confirmation');
    expect(asked.reply).toBe(
      "I can do that: a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD. The Clearance Silk Scarf is final sale and can't be returned, so it is not included. Shall I go ahead?",
    );
    expect(skusOf(pending)).toEqual(['SKU-CAP']);
    expect(await shopOf(h, 'ORD-1003')).toEqual({ refunds: [], labels: 0, returning: [] });
    const done = await yes();
    expect(done.workflow?.workflow.status).toBe('completed');
    expect(done.reply).toContain('A refund of 22.00 USD is scheduled');
    expect(done.reply).toContain('The return covers: Canvas Cap.');
    expect(await shopOf(h, 'ORD-1003')).toEqual({ refunds: [2200], labels: 1, returning: ['SKU-CAP'] });
  });

  it('ORD-1001 whole: both tees and 59.98, then the same after the yes', async () => {
    const { h, asked, yes } = await ask('C-1001', 'I want to return ORD-1001, it does not fit');
    expect(asked.reply).toBe(
      'I can do that: a return of Organic Cotton Tee (Blue), Organic Cotton Tee (Green) from ORD-1001, with a refund of 59.98 USD. Shall I go ahead?',
    );
    const done = await yes();
    expect(done.reply).toContain('A refund of 59.98 USD is scheduled');
    expect(done.reply).toContain('The return covers: Organic Cotton Tee (Blue), Organic Cotton Tee (Green).');
    expect((await shopOf(h, 'ORD-1001')).refunds).toEqual([5998]);
  });

  it('ORD-1001 one item: the blue tee and 29.99, then the same after the yes', async () => {
    const { h, asked, yes } = await ask(
      'C-1001',
      'I want to return the blue tee from ORD-1001, it is too small',
    );
    expect(asked.reply).toBe(
      'I can do that: a return of Organic Cotton Tee (Blue) from ORD-1001, with a refund of 29.99 USD. Shall I go ahead?',
    );
    const done = await yes();
    expect(done.reply).toContain('A refund of 29.99 USD is scheduled');
    expect(done.reply).toContain('The return covers: Organic Cotton Tee (Blue).');
    expect(await shopOf(h, 'ORD-1001')).toEqual({ refunds: [2999], labels: 1, returning: ['SKU-TEE-BLU'] });
  });

  it('a refund over the approval limit says a person must approve it, and the yes waits for that person', async () => {
    const { h, asked, yes } = await ask('C-1003', 'I want to return ORD-1006, the watch is broken');
    expect(asked.reply).toBe(
      'I can do that: a return of Field Watch from ORD-1006, with a refund of 649.00 USD. Refund of 649.00 USD for ORD-1006 is over the 500.00 USD approval limit, so a person must approve it before anything is done. Shall I go ahead?',
    );
    const done = await yes();
    expect(done.status).toBe('waiting_for_human');
    expect(done.reply).toContain('approval');
    expect((await shopOf(h, 'ORD-1006')).refunds).toEqual([]);
    const [escalation] = await h.store.listEscalations({ status: 'open' });
    expect(escalation?.reason).toContain('649.00 USD');
  });

  it('a mixed order over the limit: narrowed to the eligible items, the refund they sum to, and the approval', async () => {
    const { asked, pending } = await ask('C-1003', 'I want to return ORD-1057');
    expect(asked.reply).toBe(
      "I can do that: a return of Organic Cotton Tee (Green), Field Watch from ORD-1057, with a refund of 1327.99 USD. The Outlet Belt is final sale and can't be returned, so it is not included. Refund of 1327.99 USD for ORD-1057 is over the 500.00 USD approval limit, so a person must approve it before anything is done. Shall I go ahead?",
    );
    expect(skusOf(pending)).toEqual(['SKU-TEE-GRN', 'SKU-WATCH']);
  });

  it('outside the window, and with a final-sale item: narrowed, and a person must approve first', async () => {
    const { h, asked, pending, yes } = await ask('C-1024', 'I want to return ORD-1030');
    expect(asked.reply).toBe(
      "I can do that: a return of Chino Shorts from ORD-1030, with a refund of 90.00 USD. The Clearance Silk Scarf is final sale and can't be returned, so it is not included. It was delivered 198 days ago, outside the 60-day return window, so a person must approve it before anything is done. Shall I go ahead?",
    );
    expect(skusOf(pending)).toEqual(['SKU-SHORTS']);
    const done = await yes();
    expect(done.status).toBe('waiting_for_human');
    expect((await shopOf(h, 'ORD-1030')).refunds).toEqual([]);
  });

  it('a hedge restates the narrowed confirmation, and a yes to "Would you like me to return ORD-1003?" still asks about the narrowed plan', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1002');
    const offered = await conversations.post(id, 'C-1002', "ORD-1003 doesn't fit");
    expect(offered.reply).toBe('Would you like me to return ORD-1003?');
    const asked = await conversations.post(id, 'C-1002', 'yes');
    expect(asked.status).toBe('awaiting_confirmation');
    expect(asked.reply).toContain('a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD');
    const hedge = await conversations.post(id, 'C-1002', 'hmm, not sure yet');
    expect(hedge.reply).toBe(
      `No problem, nothing has changed. I can still do this: ${asked.reply.replace(/^I can do that: /, '')}`,
    );
    expect(await shopOf(h, 'ORD-1003')).toEqual({ refunds: [], labels: 0, returning: [] });
    await conversations.post(id, 'C-1002', 'yes');
    expect(await shopOf(h, 'ORD-1003')).toEqual({ refunds: [2200], labels: 1, returning: ['SKU-CAP'] });
  });

  it('nothing eligible: a refusal with the reason, no question, nothing pending, nothing run', async () => {
    const { h, asked, pending } = await ask('C-1013', 'I want to return ORD-1043');
    expect(asked).toMatchObject({ status: 'open', workflow: null });
    expect(asked.reply).toBe(
      "I can't set up a return of ORD-1043: the Final-Sale Sunglasses is final sale and can't be returned. Nothing was changed. Is there anything else I can help with?",
    );
    expect(pending ?? null).toBeNull();
    expect(await h.store.listWorkflows({})).toEqual([]);
  });

  it('an order already refunded in full: a refusal saying so once', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', 'I want to return ORD-1001');
    await conversations.post(id, 'C-1001', 'yes');
    const again = await conversations.post(id, 'C-1001', 'I want to return ORD-1001');
    expect(again.status).toBe('open');
    expect(again.reply).toBe(
      "I can't set up a return of ORD-1001: ORD-1001 has already been refunded. Nothing was changed. Is there anything else I can help with?",
    );
    expect((await shopOf(h, 'ORD-1001')).refunds).toEqual([5998]);
  });
});

describe('a dry run whose read fails only for now', () => {
  it('asks about the plan as planned, in the template words, instead of refusing; the yes runs it with retries', async () => {
    const h = createShopHarness({ faults: 'lookup_order:fail=1' });
    const conversations = conversationsOver(h, { confirmWrites: true });
    const { id } = await conversations.start('C-1001');
    const asked = await conversations.post(id, 'C-1001', 'I want to return ORD-1001, it does not fit');
    expect(asked.status).toBe('awaiting_confirmation');
    expect(asked.reply).toBe(
      'I can do that: a return of Organic Cotton Tee (Blue), Organic Cotton Tee (Green) from ORD-1001, with a refund of 59.98 USD. Shall I go ahead?',
    );
    const done = await conversations.post(id, 'C-1001', 'yes');
    expect(done.workflow?.workflow.status).toBe('completed');
    expect((await shopOf(h, 'ORD-1001')).refunds).toEqual([5998]);
  });
});
