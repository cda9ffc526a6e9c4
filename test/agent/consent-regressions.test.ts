import { describe, expect, it } from 'vitest';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// The consent bugs found on main by a hostile tester, each through a conversation: a write runs
// only after a plain, unconditional yes to exactly that write.
function setup() {
  const h = createShopHarness();
  return { h, conversations: conversationsOver(h, { confirmWrites: true }) };
}

async function effects(h: ReturnType<typeof createShopHarness>, orderId: string) {
  const record = await h.shop.describeOrder(orderId);
  return { status: record?.order.status, labels: record?.labels.length, refunds: record?.refunds.length };
}

describe('consent in a conversation', () => {
  it('"ok wait, actually no, don\'t do that" to a pending return runs nothing', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    const asked = await conversations.post(id, 'C-1001', 'I want to return ORD-1001, it does not fit');
    expect(asked.status).toBe('awaiting_confirmation');
    const answer = await conversations.post(id, 'C-1001', "ok wait, actually no, don't do that");
    expect(answer.workflow).toBeNull();
    expect(await h.store.listWorkflows({})).toEqual([]);
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
  });

  it('a hedge ("hmm, not sure yet") keeps the pending return and asks again; a later yes runs it', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    const asked = await conversations.post(id, 'C-1001', 'I want to return ORD-1001, it does not fit');
    const answer = await conversations.post(id, 'C-1001', 'hmm, not sure yet');
    expect(answer).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    const summary = asked.reply.replace(/^I can do that: /, '');
    expect(answer.reply).toBe(`No problem, nothing has changed. I can still do this: ${summary}`);
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
    const yes = await conversations.post(id, 'C-1001', 'yes');
    expect(yes.workflow?.workflow.status).toBe('completed');
    expect(await effects(h, 'ORD-1001')).toMatchObject({ labels: 1, refunds: 1 });
  });

  it('"please cancel ORD-1031" after a greeting asks first instead of counting "please" as a yes', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', 'hi');
    const answer = await conversations.post(id, 'C-1001', 'please cancel ORD-1031');
    expect(answer.status).toBe('awaiting_confirmation');
    expect(answer.workflow).toBeNull();
    expect((await effects(h, 'ORD-1031')).status).toBe('placed');
  });

  it('a plain yes runs exactly the pending return', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', 'I want to return ORD-1001, it does not fit');
    const answer = await conversations.post(id, 'C-1001', 'yes please');
    expect(answer.workflow?.workflow.status).toBe('completed');
    expect(await effects(h, 'ORD-1001')).toMatchObject({ labels: 1, refunds: 1 });
  });
});
