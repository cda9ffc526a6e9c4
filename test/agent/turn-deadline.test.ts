import { describe, expect, it } from 'vitest';
import { IN_PROGRESS_REPLY } from '../../src/agent/turn-wait.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

function keelWith(env: Record<string, string>) {
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    env,
    planner: 'offline',
    confirmWrites: false,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds(), random: () => 0.5 },
  });
  return { keel, time };
}

async function until(probe: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 10_000 && !(await probe()); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(await probe()).toBe(true);
}

describe('a turn ends in bounded time', () => {
  it('answers "in progress" when the steps outlast the turn, and posts the outcome when done', async () => {
    // The refund hangs past three 10 s step timeouts: far longer than the 20 s turn.
    const { keel, time } = keelWith({ KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=15000' });
    const started = time.clock.now().getTime();
    const { id } = await keel.startConversation('C-1001');
    const turn = await keel.post(id, 'C-1001', 'return ORD-1001 please');
    expect(turn).toMatchObject({ reply: IN_PROGRESS_REPLY, status: 'open', workflow: null });
    expect(time.clock.now().getTime() - started).toBe(20_000);
    await until(async () => (await keel.viewConversation(id, 'C-1001')).messages.length === 3);
    const [, , outcome] = (await keel.viewConversation(id, 'C-1001')).messages;
    expect(outcome).toMatchObject({ role: 'agent', workflowId: expect.any(String) });
    expect(outcome?.text).not.toBe(IN_PROGRESS_REPLY);
    expect((await keel.store.getWorkflow(outcome?.workflowId ?? ''))?.status).toBe('compensated');
    await keel.close();
  });

  it('answers with the outcome when the steps finish within the turn', async () => {
    const { keel } = keelWith({
      KEEL_TURN_TIMEOUT_MS: '120000',
      KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=15000',
    });
    const { id } = await keel.startConversation('C-1001');
    const turn = await keel.post(id, 'C-1001', 'return ORD-1001 please');
    expect(turn.workflow?.workflow.status).toBe('compensated');
    expect((await keel.viewConversation(id, 'C-1001')).messages).toHaveLength(2);
    await keel.close();
  });

  it('a message with several requests: what the turn has no time left for is named back, not started', async () => {
    const { keel, time } = keelWith({ KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=15000' });
    const started = time.clock.now().getTime();
    const { id } = await keel.startConversation('C-1001');
    const turn = await keel.post(id, 'C-1001', 'return ORD-1001 and cancel ORD-1031');
    expect(time.clock.now().getTime() - started).toBe(20_000);
    expect(turn.reply).toContain(IN_PROGRESS_REPLY);
    expect(turn.reply).toMatch(/I did not get to the rest of your message in time.*"cancel ORD-1031"/);
    const shop = keel.domain.ports.shop;
    expect((await shop.describeOrder('ORD-1031'))?.order.status).toBe('placed');
    await until(async () => (await keel.viewConversation(id, 'C-1001')).messages.length === 4);
    await keel.close();
  });
});
