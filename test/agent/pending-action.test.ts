import { describe, expect, it } from 'vitest';
import { readPendingAction } from '../../src/agent/pending-action.js';
import { pendingActionTtlFromEnv } from '../../src/config/engine-env.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { ConfigError } from '../../src/errors.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

const TTL = 60_000;

// The consent lifecycle of a pending write, through conversations over one store (an instance is
// a `Conversations`; two of them share nothing but the store).
function setup() {
  const h = createShopHarness();
  const instance = () => conversationsOver(h, { confirmWrites: true, pendingActionTtlMs: TTL });
  return { h, conversations: instance(), instance };
}

async function effects(h: ReturnType<typeof createShopHarness>, orderId: string) {
  const record = await h.shop.describeOrder(orderId);
  return { status: record?.order.status, labels: record?.labels.length, refunds: record?.refunds.length };
}

async function pendingOf(h: ReturnType<typeof createShopHarness>, id: string) {
  const stored = readPendingAction((await h.store.getConversation(id))?.pendingPlan);
  return stored?.kind === 'action' ? stored.action : null;
}

const RETURN = 'I want to return ORD-1001, it does not fit';

describe('a pending action', () => {
  it('is stored with an id, the plan, the words the customer was shown and its expiry', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    const asked = await conversations.post(id, 'C-1001', RETURN);
    const action = await pendingOf(h, id);
    expect(action).toMatchObject({
      id: expect.stringMatching(/^pa/),
      planned: { plan: { intent: 'return' } },
      createdAt: h.time.clock.now().toISOString(),
      expiresAt: new Date(h.time.clock.now().getTime() + TTL).toISOString(),
    });
    expect(asked.reply).toBe(`I can do that: ${action?.confirmation}. Shall I go ahead?`);
  });

  it('runs on a yes that another instance receives (it lives in the store)', async () => {
    const { h, conversations, instance } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    const yes = await instance().post(id, 'C-1001', 'yes');
    expect(yes.workflow?.workflow.status).toBe('completed');
    expect(await effects(h, 'ORD-1001')).toMatchObject({ labels: 1, refunds: 1 });
    expect((await h.store.getConversation(id))?.pendingPlan).toBeNull();
  });

  it('runs nothing on a yes after it expired, and asks again with a new pending action', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    const first = await pendingOf(h, id);
    h.time.advance(TTL);
    const late = await conversations.post(id, 'C-1001', 'yes');
    expect(late.workflow).toBeNull();
    expect(late.status).toBe('awaiting_confirmation');
    expect(late.reply).toBe(
      `That was a while ago, so I have not done it. I can do this: ${first?.confirmation}. Shall I go ahead?`,
    );
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
    const fresh = await pendingOf(h, id);
    expect(fresh?.id).not.toBe(first?.id);
    expect(fresh?.expiresAt).toBe(new Date(h.time.clock.now().getTime() + TTL).toISOString());
    expect((await conversations.post(id, 'C-1001', 'yes')).workflow?.workflow.status).toBe('completed');
  });

  it('says plainly that nothing changed when an expired one can no longer be done', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    h.time.advance(TTL + 1);
    h.db.prepare("UPDATE shop_orders SET customer_id = 'C-1002' WHERE id = 'ORD-1001'").run();
    const late = await conversations.post(id, 'C-1001', 'yes');
    expect(late).toMatchObject({ status: 'open', workflow: null });
    expect(late.reply).toMatch(/^That was a while ago, so I have not done it, and it can no longer be done/);
    expect(await pendingOf(h, id)).toBeNull();
  });

  it('is checked again on a yes: a changed amount is told and asked again, not run', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    const first = await pendingOf(h, id);
    h.db
      .prepare(
        "UPDATE shop_order_items SET unit_price_cents = 1000 WHERE order_id = 'ORD-1001' AND sku = 'SKU-TEE-BLU'",
      )
      .run();
    const yes = await conversations.post(id, 'C-1001', 'yes');
    expect(yes).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    const now = await pendingOf(h, id);
    expect(now?.id).not.toBe(first?.id);
    expect(now?.confirmation).not.toBe(first?.confirmation);
    expect(yes.reply).toBe(
      `Things have changed since I asked, so I have not done it yet. I said: ${first?.confirmation}. Now it would be: ${now?.confirmation}. Shall I go ahead?`,
    );
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
    expect((await conversations.post(id, 'C-1001', 'yes')).workflow?.workflow.status).toBe('completed');
  });

  it('is checked again on a yes: a plan that no longer validates (the order is not theirs) runs nothing', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    h.db.prepare("UPDATE shop_orders SET customer_id = 'C-1002' WHERE id = 'ORD-1001'").run();
    const yes = await conversations.post(id, 'C-1001', 'yes');
    expect(yes).toMatchObject({ status: 'open', workflow: null });
    expect(yes.reply).toMatch(/^Things have changed since I asked, so that can no longer be done/);
    expect(await h.store.listWorkflows({})).toEqual([]);
  });

  it('stays pending through a read-only question, which is answered and the action offered again', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    const before = await pendingOf(h, id);
    h.time.advance(1_000);
    const answer = await conversations.post(id, 'C-1001', 'where is ORD-1002?');
    expect(answer.status).toBe('awaiting_confirmation');
    expect(answer.workflow?.workflow.intent).toBe('track');
    expect(answer.reply).toMatch(
      new RegExp(
        `ORD-1002[\\s\\S]*\\n\\nI can still do this: ${escapeRegex(before?.confirmation)}\\. Shall I go ahead\\?$`,
      ),
    );
    expect(await pendingOf(h, id)).toEqual(before);
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
    const messages = await h.store.messages(id);
    expect(messages.at(-1)?.text).toBe(`I can still do this: ${before?.confirmation}. Shall I go ahead?`);
    expect((await conversations.post(id, 'C-1001', 'yes')).workflow?.workflow.intent).toBe('return');
    expect(await effects(h, 'ORD-1001')).toMatchObject({ labels: 1, refunds: 1 });
  });

  it('is replaced by a new request: "please track ORD-1001 instead" never returns ORD-1055', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', 'return ORD-1055');
    const instead = await conversations.post(id, 'C-1001', 'please track ORD-1001 instead');
    expect(instead.workflow?.workflow.intent).toBe('track');
    expect(instead.status).toBe('open');
    expect(await pendingOf(h, id)).toBeNull();
    await conversations.post(id, 'C-1001', 'yes');
    expect(await effects(h, 'ORD-1055')).toMatchObject({ labels: 0, refunds: 0 });
    expect((await h.store.listWorkflows({})).map((w) => w.intent)).not.toContain('return');
  });

  it('is replaced by a new write request, which is asked about in its turn', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await conversations.post(id, 'C-1001', RETURN);
    const first = await pendingOf(h, id);
    const other = await conversations.post(id, 'C-1001', 'please cancel ORD-1031 instead');
    expect(other).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    const now = await pendingOf(h, id);
    expect(now?.id).not.toBe(first?.id);
    expect(now?.planned.plan.intent).toBe('cancel');
    await conversations.post(id, 'C-1001', 'yes');
    expect(await effects(h, 'ORD-1001')).toEqual({ status: 'delivered', labels: 0, refunds: 0 });
    expect((await effects(h, 'ORD-1031')).status).toBe('cancelled');
  });
});

describe('KEEL_PENDING_ACTION_TTL_MS', () => {
  it('takes whole milliseconds of at least 1000, and is unset by default', () => {
    expect(pendingActionTtlFromEnv({})).toBeUndefined();
    expect(pendingActionTtlFromEnv({ KEEL_PENDING_ACTION_TTL_MS: '1000' })).toBe(1000);
    for (const bad of ['999', '1.5', 'abc', '-5', '30m'])
      expect(() => pendingActionTtlFromEnv({ KEEL_PENDING_ACTION_TTL_MS: bad })).toThrow(ConfigError);
  });

  it('is read by openKeel, which refuses a bad value', () => {
    expect(() =>
      openRetailKeel({ dbPath: ':memory:', planner: 'offline', env: { KEEL_PENDING_ACTION_TTL_MS: '10' } }),
    ).toThrow(/KEEL_PENDING_ACTION_TTL_MS must be a whole number/);
  });
});

function escapeRegex(text: string | undefined): string {
  return (text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
