import { describe, expect, it } from 'vitest';
import { changeItemsPlan } from '../../src/domains/retail/desk-playbooks.js';
import { changeAddressPlan } from '../../src/domains/retail/playbooks.js';
import { ScriptedPlanner } from '../../src/testing/index.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// A write the order's state no longer allows is told, not tried: the order shipped (or was
// cancelled) between the question and the yes, so the yes runs nothing and the customer hears why
// and what keel can do instead, not a failed workflow.
async function pendingCancel() {
  const h = createShopHarness();
  const conversations = conversationsOver(h);
  const { id } = await conversations.start('C-1002');
  const say = (text: string) => conversations.post(id, 'C-1002', text);
  const asked = await say('please cancel ORD-1004');
  expect(asked.status).toBe('awaiting_confirmation');
  const setStatus = (status: string) =>
    h.db.prepare("UPDATE shop_orders SET status = ? WHERE id = 'ORD-1004'").run(status);
  return { h, say, setStatus };
}

describe("a pending write the order's state no longer allows", () => {
  it('a cancel of an order that shipped meanwhile runs nothing and says why, offering tracking', async () => {
    const { h, say, setStatus } = await pendingCancel();
    setStatus('shipped');
    const yes = await say('yes');
    expect(yes.workflow).toBeNull();
    expect(yes.status).toBe('open');
    expect(yes.reply).toMatch(
      /^Things have changed since I asked, so I have not done it\. ORD-1004 has already shipped, so it can no longer be cancelled\. Would you like me to track it\?$/,
    );
    expect((await h.shop.describeOrder('ORD-1004'))?.order.status).toBe('shipped');
    expect(await h.store.listWorkflows({})).toHaveLength(0);
  });

  it('a cancel of an order cancelled meanwhile (another channel) says so and runs nothing', async () => {
    const { h, say, setStatus } = await pendingCancel();
    setStatus('cancelled');
    const yes = await say('yes');
    expect(yes.reply).toMatch(
      /^Things have changed since I asked, so I have not done it\. ORD-1004 is already cancelled\. Is there anything else I can help with\?$/,
    );
    expect(await h.store.listWorkflows({})).toHaveLength(0);
  });

  it("a planner's address change for a delivered order is refused before it is asked, with the reason", async () => {
    const h = createShopHarness();
    const address = {
      name: 'Liam Okafor',
      line1: '12 Oak Street',
      line2: null,
      city: 'Portland',
      postalCode: '97201',
      country: 'US',
    };
    // A planner (a model, say) that does not know the order was delivered plans the change anyway.
    const planner = new ScriptedPlanner([changeAddressPlan('ORD-1008', address, 0.95)]);
    const conversations = conversationsOver(h, { planner });
    const { id } = await conversations.start('C-1002');
    const out = await conversations.post(
      id,
      'C-1002',
      'change the address of ORD-1008 to 12 Oak Street, Portland 97201',
    );
    expect(out.status).toBe('open');
    expect(out.workflow).toBeNull();
    expect(out.reply).toMatch(
      /^ORD-1008 has already been delivered, so it can no longer be redirected\. Would you like to return it instead\?$/,
    );
  });

  it("a planner's change to the items of a shipped order is refused in the offline planner's words", async () => {
    const h = createShopHarness();
    h.db.prepare("UPDATE shop_orders SET status = 'shipped' WHERE id = 'ORD-1102'").run();
    const remove = [{ sku: 'SKU-BAG', newSku: null, quantity: null }];
    const planner = new ScriptedPlanner([changeItemsPlan('ORD-1102', remove, null, 0.95)]);
    const conversations = conversationsOver(h, { planner });
    const { id } = await conversations.start('C-1025');
    const out = await conversations.post(id, 'C-1025', 'take the bag off ORD-1102');
    expect(out.workflow).toBeNull();
    expect(out.reply).toBe(
      'ORD-1102 has already shipped, so it can no longer be changed. Once it arrives I can set up a return or an exchange. Would you like me to track it?',
    );
  });
});
