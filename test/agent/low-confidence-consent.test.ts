import { describe, expect, it } from 'vitest';
import { returnPlan } from '../../src/domains/retail/playbooks.js';
import { ScriptedPlanner } from '../../src/testing/index.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// A write the planner is not sure of still needs the customer's yes: the person who checks a
// low-confidence plan comes after that yes, never instead of it, and approves the plan as the
// preview narrowed it (what the customer agreed to), not the planner's first draft.
async function unsure(orderId: string, customerId: string) {
  const h = createShopHarness();
  const planner = new ScriptedPlanner([returnPlan(orderId, { reason: 'Not sure', confidence: 0.5 })]);
  const conversations = conversationsOver(h, { planner });
  const { id } = await conversations.start(customerId);
  const say = (text: string) => conversations.post(id, customerId, text);
  return { h, say, conversations };
}

describe('a write under the confidence threshold', () => {
  it('is asked about first; only after the yes does it wait for a person, and runs on approval', async () => {
    const { h, say, conversations } = await unsure('ORD-1001', 'C-1001');
    const asked = await say('hmm, maybe send ORD-1001 back?');
    expect(asked.status).toBe('awaiting_confirmation');
    expect(asked.reply).toMatch(/Shall I go ahead\?$/);
    expect(await h.store.listEscalations({})).toHaveLength(0);

    const yes = await say('yes');
    expect(yes.status).toBe('waiting_for_human');
    const [escalation] = await h.store.listEscalations({});
    expect(escalation?.reasonKind).toBe('low_confidence');
    expect((await h.shop.describeOrder('ORD-1001'))?.refunds).toHaveLength(0);

    const decided = await h.executor.decide(escalation?.id ?? '', {
      decision: 'approve',
      decidedBy: 'staff',
    });
    await conversations.decided(decided, { decision: 'approve', decidedBy: 'staff' });
    expect((await h.shop.describeOrder('ORD-1001'))?.refunds).toHaveLength(1);
  });

  it('a no drops it: no person is asked, nothing runs', async () => {
    const { h, say } = await unsure('ORD-1001', 'C-1001');
    await say('hmm, maybe send ORD-1001 back?');
    const no = await say('no');
    expect(no.status).toBe('open');
    expect(await h.store.listEscalations({})).toHaveLength(0);
    expect(await h.store.listWorkflows({})).toHaveLength(0);
  });

  it('the person approves the narrowed plan: a final-sale item the customer was told about is left out', async () => {
    const { h, say } = await unsure('ORD-1003', 'C-1002');
    const asked = await say('return ORD-1003 I guess');
    expect(asked.reply).toMatch(/final sale.*not included/);
    await say('yes');
    const [escalation] = await h.store.listEscalations({});
    const decided = await h.executor.decide(escalation?.id ?? '', {
      decision: 'approve',
      decidedBy: 'staff',
    });
    expect(decided.workflow.status).toBe('completed');
    const refunds = (await h.shop.describeOrder('ORD-1003'))?.refunds ?? [];
    expect(refunds.map((r) => r.amountCents)).toEqual([2200]);
  });
});
