import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { Conversations } from '../../src/agent/conversation.js';
import { ConversationNotFoundError, IdempotencyKeyReusedError, InputError } from '../../src/errors.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import { sequentialIds } from '../../src/testing/index.js';
import { createShopHarness } from '../helpers/shop-harness.js';

function setup(confirmWrites = true) {
  const h = createShopHarness();
  const agent = new Agent({
    planner: new OfflinePlanner(h.domain.offline),
    executor: h.executor,
    domain: h.domain,
  });
  const runtime = { clock: h.time.clock, sleep: h.time.sleep, ids: sequentialIds(), random: () => 0.5 };
  const conversations = new Conversations({
    agent,
    store: h.store,
    domain: h.domain,
    runtime,
    workflows: {
      listWorkflows: (filter) => h.store.listWorkflows(filter),
      inspect: (id) => h.executor.inspect(id),
    },
    confirmWrites,
  });
  return { h, conversations };
}

describe('Conversations', () => {
  it('asks which order, continues with the answer, confirms the return, then runs it', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1001');
    const ask = await conversations.post(id, 'C-1001', 'I want to return something, it does not fit');
    expect(ask.status).toBe('awaiting_customer');
    expect(ask.reply).toMatch(/^Which order would you like me to return\?/);
    const confirm = await conversations.post(id, 'C-1001', 'ORD-1001');
    expect(confirm).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    expect(confirm.reply).toBe(
      'I can do that: a return of Organic Cotton Tee (Blue), Organic Cotton Tee (Green) from ORD-1001, with a refund of 59.98 USD. Shall I go ahead?',
    );
    expect((await h.shop.describeOrder('ORD-1001'))?.labels).toEqual([]);
    const done = await conversations.post(id, 'C-1001', 'yes please');
    expect(done.status).toBe('open');
    expect(done.workflow?.workflow.status).toBe('completed');
    expect(done.reply).toContain('A refund of 59.98 USD is scheduled');
    expect((await conversations.view(id, 'C-1001')).messages.map((m) => m.role)).toEqual([
      'customer',
      'agent',
      'customer',
      'agent',
      'customer',
      'agent',
    ]);
  });

  it("does not ask twice when the customer already said yes to the planner's own question", async () => {
    const { conversations } = setup();
    const { id } = await conversations.start('C-1001');
    const question = await conversations.post(id, 'C-1001', "ORD-1001 doesn't fit");
    expect(question.reply).toBe('Would you like me to return ORD-1001?');
    const done = await conversations.post(id, 'C-1001', 'yes please');
    expect(done.workflow?.workflow.status).toBe('completed');
  });

  it('changes nothing when the customer declines the confirmation', async () => {
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1002');
    await conversations.post(id, 'C-1002', 'please cancel ORD-1004');
    const no = await conversations.post(id, 'C-1002', 'no, leave it');
    expect(no.reply).toMatch(/^All right, I have not changed anything/);
    expect((await h.shop.describeOrder('ORD-1004'))?.order.status).toBe('placed');
  });

  it('runs write plans at once when confirmation is off', async () => {
    const { conversations } = setup(false);
    const { id } = await conversations.start('C-1002');
    const done = await conversations.post(id, 'C-1002', 'please cancel ORD-1004');
    expect(done.workflow?.workflow.status).toBe('completed');
    expect(done.reply).toMatch(/^Order ORD-1004 is cancelled; you will not be charged/);
  });

  it("posts a human's decision to the conversation the workflow came from", async () => {
    const { h, conversations } = setup(false);
    const { id } = await conversations.start('C-1001');
    const waiting = await conversations.post(id, 'C-1001', 'I want to return ORD-1002, it arrived damaged');
    expect(waiting.status).toBe('waiting_for_human');
    expect(waiting.reply).toMatch(/outside the 60-day return window/);
    const decided = await h.executor.decide(waiting.workflow?.escalation?.id ?? '', {
      decision: 'approve',
      decidedBy: 'ana',
    });
    const posted = await conversations.postOutcome(decided);
    expect(posted?.text).toMatch(/^Your return for ORD-1002 is set up/);
    expect((await conversations.view(id, 'C-1001')).conversation.status).toBe('open');
  });

  it("does not show or accept messages for another customer's conversation", async () => {
    const { conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await expect(conversations.view(id, 'C-1002')).rejects.toThrow(ConversationNotFoundError);
    await expect(conversations.post(id, 'C-1002', 'hi')).rejects.toThrow(ConversationNotFoundError);
  });

  it('answers a repeated request (same idempotency key) once', async () => {
    const { h, conversations } = setup(false);
    const { id } = await conversations.start('C-1002');
    const [a, b] = await Promise.all([
      conversations.post(id, 'C-1002', 'please cancel ORD-1004', { idempotencyKey: 'k1' }),
      conversations.post(id, 'C-1002', 'please cancel ORD-1004', { idempotencyKey: 'k1' }),
    ]);
    expect(b).toEqual(a);
    expect(await h.store.listWorkflows()).toHaveLength(1);
    expect((await conversations.view(id, 'C-1002')).messages).toHaveLength(2);
  });

  it('refuses empty and oversized messages as bad input', async () => {
    const { conversations } = setup();
    const { id } = await conversations.start('C-1001');
    await expect(conversations.post(id, 'C-1001', '   ')).rejects.toThrow(InputError);
    await expect(conversations.post(id, 'C-1001', 'x'.repeat(4001))).rejects.toThrow(InputError);
  });

  it('counts message length in characters, not UTF-16 units', async () => {
    const { conversations } = setup();
    const { id } = await conversations.start('C-1001');
    // 4,000 emoji are 8,000 UTF-16 units but 4,000 characters: within the limit.
    const turn = await conversations.post(id, 'C-1001', '🙂'.repeat(4000));
    expect(turn.reply).toBeTruthy();
    await expect(conversations.post(id, 'C-1001', '🙂'.repeat(4001))).rejects.toThrow(
      /The message is 4001 characters; the limit is 4000/,
    );
  });

  it('refuses an idempotency key reused with another message, and replays it with the same one', async () => {
    const { h, conversations } = setup(false);
    const { id } = await conversations.start('C-1002');
    const first = await conversations.post(id, 'C-1002', 'where is ORD-1004?', { idempotencyKey: 'k1' });
    const again = await conversations.post(id, 'C-1002', 'where is ORD-1004?', { idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    await expect(
      conversations.post(id, 'C-1002', 'please cancel ORD-1004', { idempotencyKey: 'k1' }),
    ).rejects.toThrow(IdempotencyKeyReusedError);
    expect((await h.shop.describeOrder('ORD-1004'))?.order.status).toBe('placed');
    expect((await conversations.view(id, 'C-1002')).messages).toHaveLength(2);
  });

  it('refuses a reused key whose first request was still queued when the second arrived', async () => {
    const { conversations } = setup(false);
    const { id } = await conversations.start('C-1002');
    const first = conversations.post(id, 'C-1002', 'where is ORD-1004?', { idempotencyKey: 'k1' });
    const second = conversations.post(id, 'C-1002', 'please cancel ORD-1004', { idempotencyKey: 'k1' });
    await first;
    await expect(second).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('frees the queue of a conversation once its messages are answered', async () => {
    const { conversations } = setup(false);
    const ids = await Promise.all(
      ['C-1001', 'C-1002', 'C-1001'].map(async (c) => [(await conversations.start(c)).id, c] as const),
    );
    const turns = ids.map(([id, customer]) => conversations.post(id, customer, 'where is my order?'));
    turns.push(conversations.post(ids[0]?.[0] ?? '', 'C-1001', 'hello'));
    expect(conversations.activeQueues).toBe(3);
    await Promise.all(turns);
    expect(conversations.activeQueues).toBe(0);
    // A turn that fails in the queue frees it too.
    const [id] = ids[1] ?? [''];
    const first = conversations.post(id, 'C-1002', 'where is ORD-1004?', { idempotencyKey: 'k' });
    const second = conversations.post(id, 'C-1002', 'cancel ORD-1004', { idempotencyKey: 'k' });
    expect(conversations.activeQueues).toBe(1);
    await first;
    await expect(second).rejects.toThrow(IdempotencyKeyReusedError);
    expect(conversations.activeQueues).toBe(0);
  });
});
