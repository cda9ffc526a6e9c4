import { describe, expect, it } from 'vitest';
import { readPendingAction } from '../../src/agent/pending-action.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// A message with several requests: each is planned on its own and each write waits for its own
// yes, one after another in the same conversation; nothing of a later request runs on the yes
// given to an earlier one.
async function conversation(customerId: string, options: { ttlMs?: number } = {}) {
  const h = createShopHarness();
  const ttl = options.ttlMs ? { pendingActionTtlMs: options.ttlMs } : {};
  const conversations = conversationsOver(h, ttl);
  const { id } = await conversations.start(customerId);
  const say = (text: string) => conversations.post(id, customerId, text);
  const pending = async () => {
    const stored = readPendingAction((await h.store.getConversation(id))?.pendingPlan);
    return stored?.kind === 'action' ? stored.action : null;
  };
  const status = async (orderId: string) => (await h.shop.describeOrder(orderId))?.order.status;
  const refunds = async (orderId: string) => (await h.shop.describeOrder(orderId))?.refunds.length;
  return { h, id, say, pending, status, refunds, conversations };
}

describe('several requests in one message', () => {
  it('asks about the first write, and only a yes to it runs it; the second is asked about next', async () => {
    const c = await conversation('C-1002');
    const first = await c.say('cancel ORD-1004 and return ORD-1003');
    expect(first.status).toBe('awaiting_confirmation');
    expect(first.reply).toMatch(/one at a time\. I can do that: cancelling ORD-1004 .*Shall I go ahead\?$/);
    expect(first.reply).not.toContain('ORD-1003');
    expect((await c.pending())?.requests).toMatchObject({
      current: 'cancel ORD-1004',
      later: ['return ORD-1003'],
    });
    expect(await c.status('ORD-1004')).toBe('placed');

    const second = await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('cancelled');
    expect(await c.refunds('ORD-1003')).toBe(0);
    expect(second.status).toBe('awaiting_confirmation');
    expect(second.reply).toMatch(
      /^Order ORD-1004 is cancelled.*\n\nI can do that: a return of Canvas Cap from ORD-1003/s,
    );
    expect((await c.pending())?.requests).toMatchObject({ current: 'return ORD-1003', later: [] });

    const third = await c.say('yes');
    expect(third.status).toBe('open');
    expect(await c.refunds('ORD-1003')).toBe(1);
    expect(await c.pending()).toBeNull();
    // Each answer is its own agent message, in order.
    const agent = (await c.h.store.messages(c.id)).filter((m) => m.role === 'agent').map((m) => m.text);
    expect(agent).toHaveLength(4);
    expect(agent[2]).toMatch(/^I can do that: a return of Canvas Cap/);
  });

  it('a no to the first drops it and goes on to the second', async () => {
    const c = await conversation('C-1002');
    await c.say('cancel ORD-1004 and return ORD-1003');
    const next = await c.say('no');
    expect(next.status).toBe('awaiting_confirmation');
    expect(next.reply).toMatch(/I have not changed anything.*\n\nI can do that: a return of Canvas Cap/s);
    expect(await c.status('ORD-1004')).toBe('placed');
    await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('placed');
    expect(await c.refunds('ORD-1003')).toBe(1);
  });

  it('answers a question at once and asks about the write that follows it, in one reply', async () => {
    const c = await conversation('C-1002');
    const out = await c.say('where is ORD-1032 and also cancel ORD-1004');
    expect(out.status).toBe('awaiting_confirmation');
    expect(out.reply).toMatch(/^Order ORD-1032 is in transit.*\n\nI can do that: cancelling ORD-1004/s);
    expect(await c.status('ORD-1004')).toBe('placed');
    await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('cancelled');
  });

  it('keeps the rest while it asks about the first request, on any instance, and carries on after', async () => {
    const c = await conversation('C-1002');
    const asked = await c.say('return my stuff and cancel ORD-1004');
    expect(asked.status).toBe('awaiting_customer');
    expect((await c.h.store.getConversation(c.id))?.pendingPlan).toMatchObject({
      requests: { current: 'return my stuff', later: ['cancel ORD-1004'] },
    });
    // Another instance on the same store gets the answer.
    const other = conversationsOver(c.h);
    const confirm = await other.post(c.id, 'C-1002', 'ORD-1008');
    expect(confirm.reply).toMatch(/^I can do that: a return of Court Sneakers 40 from ORD-1008/);
    const done = await other.post(c.id, 'C-1002', 'yes');
    expect(await c.refunds('ORD-1008')).toBe(1);
    expect(done.reply).toMatch(/\n\nI can do that: cancelling ORD-1004/);
    await other.post(c.id, 'C-1002', 'yes');
    expect(await c.status('ORD-1004')).toBe('cancelled');
  });

  it('a request for an order that is not the customer’s is asked about, never acted on', async () => {
    const c = await conversation('C-1002');
    await c.say('cancel ORD-1004 and return ORD-1001');
    const next = await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('cancelled');
    expect(next.status).not.toBe('awaiting_confirmation');
    expect(next.reply).not.toMatch(/ORD-1001.*Shall I go ahead/);
    expect(await c.refunds('ORD-1001')).toBe(0);
  });

  it('a fallback stays part of its request: one confirmation, no second request', async () => {
    const c = await conversation('C-1025');
    const out = await c.say("Please cancel ORD-1102. If that's not possible, just remove the bag");
    expect(out.reply).not.toContain('one at a time');
    expect((await c.pending())?.requests).toBeUndefined();
    const done = await c.say('yes');
    expect(done.status).toBe('open');
    expect(await c.status('ORD-1102')).toBe('cancelled');
  });

  it('a read-only question while the first waits is answered, and the queue is kept', async () => {
    const c = await conversation('C-1002');
    await c.say('cancel ORD-1004 and return ORD-1003');
    const before = await c.pending();
    const answered = await c.say('where is ORD-1032?');
    expect(answered.reply).toMatch(/in transit.*I can still do this: cancelling ORD-1004/s);
    expect((await c.pending())?.id).toBe(before?.id);
    expect((await c.pending())?.requests?.later).toEqual(['return ORD-1003']);
    const next = await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('cancelled');
    expect(next.reply).toMatch(/\n\nI can do that: a return of Canvas Cap from ORD-1003/);
  });

  it('the rest of a message goes stale with its pending action: a late yes neither runs nor moves on', async () => {
    const c = await conversation('C-1002', { ttlMs: 60_000 });
    await c.say('cancel ORD-1004 and return ORD-1003');
    c.h.time.advance(61_000);
    const late = await c.say('yes');
    expect(await c.status('ORD-1004')).toBe('placed');
    expect(late.reply).toMatch(/That was a while ago/);
    expect(late.reply).not.toContain('ORD-1003');
    expect((await c.pending())?.requests).toBeUndefined();
  });
});
