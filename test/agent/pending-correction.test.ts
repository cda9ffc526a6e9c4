import { describe, expect, it } from 'vitest';
import { readPendingAction } from '../../src/agent/pending-action.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// A correction to a pending write changes it, and the changed write is asked about again: the
// offline rules see the pending action (PlanRequest.pending).
function setup() {
  const h = createShopHarness();
  return { h, conversations: conversationsOver(h) };
}

async function pendingSteps(h: ReturnType<typeof createShopHarness>, id: string) {
  const stored = readPendingAction((await h.store.getConversation(id))?.pendingPlan);
  if (stored?.kind !== 'action') return null;
  const { plan } = stored.action.planned;
  return {
    id: stored.action.id,
    intent: plan.intent,
    args: Object.fromEntries(plan.steps.map((s) => [s.tool, s.args])),
  };
}

async function conversation(customerId: string, first: string) {
  const { h, conversations } = setup();
  const { id } = await conversations.start(customerId);
  const asked = await conversations.post(id, customerId, first);
  expect(asked.status).toBe('awaiting_confirmation');
  const before = await pendingSteps(h, id);
  const say = (text: string) => conversations.post(id, customerId, text);
  return { h, id, before, say };
}

describe('a correction to a pending write', () => {
  it('"actually ORD-1055" makes the pending return one of ORD-1055, asked again; the yes returns only it', async () => {
    const { h, id, before, say } = await conversation('C-1001', 'I want to return ORD-1001, it does not fit');
    const changed = await say('actually ORD-1055');
    expect(changed).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    expect(changed.reply).toMatch(/^I can do that: a return of .* from ORD-1055.*Shall I go ahead\?$/);
    const after = await pendingSteps(h, id);
    expect(after?.id).not.toBe(before?.id);
    expect(after?.args.lookup_order).toEqual({ orderId: 'ORD-1055' });
    expect(after?.args.check_return_eligibility).toEqual(before?.args.check_return_eligibility);
    expect((await say('yes')).workflow?.workflow.status).toBe('completed');
    expect((await h.shop.describeOrder('ORD-1055'))?.refunds).toHaveLength(1);
    expect((await h.shop.describeOrder('ORD-1001'))?.refunds).toHaveLength(0);
  });

  it('"the other order" picks the other of exactly two orders that fit', async () => {
    const { h, id, say } = await conversation('C-1025', "I'd like to return ORD-1101, it doesn't fit");
    const changed = await say('sorry, I meant the other order');
    expect(changed.status).toBe('awaiting_confirmation');
    expect((await pendingSteps(h, id))?.args.lookup_order).toEqual({ orderId: 'ORD-1104' });
  });

  it('"actually size 8" changes the pending exchange to size 8', async () => {
    const { h, id, before, say } = await conversation(
      'C-1025',
      "I'd like to swap the Trail Runners in ORD-1101 for size 10",
    );
    expect(before?.args.check_exchange).toMatchObject({ sku: 'SKU-TRAIL-9', newSku: 'SKU-TRAIL-10' });
    const changed = await say('actually size 8');
    expect(changed.status).toBe('awaiting_confirmation');
    expect((await pendingSteps(h, id))?.args.check_exchange).toMatchObject({
      sku: 'SKU-TRAIL-9',
      newSku: 'SKU-TRAIL-8',
    });
  });

  it('"only the blue one" narrows the pending return to that item', async () => {
    const { h, id, say } = await conversation('C-1001', 'I want to return ORD-1001, it does not fit');
    const changed = await say('only the blue one');
    expect(changed.status).toBe('awaiting_confirmation');
    expect((await pendingSteps(h, id))?.args.check_return_eligibility).toMatchObject({
      skus: ['SKU-TEE-BLU'],
    });
    await say('yes');
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.refunds).toHaveLength(1);
    expect(record?.refunds[0]).toMatchObject({ amountCents: 2999 });
  });

  // The offer that follows the correction is answered with the request it corrected in view (the
  // newest words first), so "ok the XL then" takes XL, not the S first asked for.
  it('"actually size L" (out of stock) to a pending exchange for S: XL is offered, and "ok the XL then" takes it', async () => {
    const { h, id, say } = await conversation('C-1026', 'exchange my Rain Shell from ORD-1103 for size S');
    const offered = await say('actually size L');
    expect(offered.reply).toContain('Would you like size XL instead?');
    const taken = await say('ok the XL then');
    expect(taken.status).toBe('awaiting_confirmation');
    expect((await pendingSteps(h, id))?.args.check_exchange).toMatchObject({ newSku: 'SKU-RAIN-XL' });
    await say('yes');
    const exchanges = (await h.shop.describeOrder('ORD-1103'))?.exchanges ?? [];
    expect(exchanges.map((e) => e.newSku)).toEqual(['SKU-RAIN-XL']);
  });
});
