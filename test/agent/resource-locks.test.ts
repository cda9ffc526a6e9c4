import { describe, expect, it } from 'vitest';
import { Executor, type WorkflowResult } from '../../src/agent/executor.js';
import type { Plan } from '../../src/planner/plan.js';
import { createShopHarness, fixturePlan, TEST_NOW } from '../helpers/shop-harness.js';

type Harness = ReturnType<typeof createShopHarness>;

/** The return playbook of fixtures/plans for any order. */
function returnOf(orderId: string): unknown {
  const plan = fixturePlan('return-ord-1001') as { steps: { args: Record<string, unknown> }[] };
  const [lookup, ...rest] = plan.steps;
  return { ...plan, steps: [{ ...lookup, args: { orderId } }, ...rest] };
}

async function conversation(h: Harness, id: string, customerId: string): Promise<string> {
  await h.store.createConversation({
    id,
    customerId,
    status: 'open',
    createdAt: TEST_NOW,
    updatedAt: TEST_NOW,
  });
  return id;
}

const lastReply = async (h: Harness, id: string) => (await h.store.messages(id)).at(-1)?.text ?? '';

/** Two conversations of C-1001 both return ORD-1001 and both say yes, on two executors (instances). */
async function race(h: Harness): Promise<[WorkflowResult, WorkflowResult]> {
  const [a, b] = [await conversation(h, 'conv-a', 'C-1001'), await conversation(h, 'conv-b', 'C-1001')];
  const plan = returnOf('ORD-1001');
  return Promise.all([
    h.executor.start({ plan, customerId: 'C-1001', conversationId: a }),
    h.restart().start({ plan, customerId: 'C-1001', conversationId: b }),
  ]);
}

describe('one order, one workflow at a time', () => {
  it('races two returns of one order under a slow refund: one completes, the other is refused before any write', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:delay=500' });
    const results = await race(h);
    const winner = results.find((r) => r.workflow.status === 'completed');
    const loser = results.find((r) => r.workflow.status !== 'completed');
    expect(winner).toBeDefined();
    expect(loser?.workflow).toMatchObject({ status: 'failed', outcome: { code: 'RESOURCE_BUSY' } });
    // Refused before its first step: nothing ran, nothing was undone.
    expect(loser?.steps).toEqual([]);
    const journal = (await h.store.journal(loser?.workflow.id ?? '')).map((e) => e.type);
    expect(journal).toEqual(['workflow.started', 'resource.busy', 'workflow.failed']);
    const busy = (await h.store.journal(loser?.workflow.id ?? ''))[1];
    expect(busy?.data).toMatchObject({ resource: 'order:ORD-1001', heldBy: winner?.workflow.id });
    expect(h.events.filter((e) => e.type.startsWith('compensation.'))).toEqual([]);
    // The shop after: one refund, one live label, the items on their way back as the winner left them.
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.refunds).toHaveLength(1);
    expect(record?.labels.map((l) => l.status)).toEqual(['active']);
    expect(record?.inventory.map((i) => i.state)).toEqual(['returning', 'returning']);
    expect(record?.emails).toHaveLength(1);
    // The customer is told in the domain's words, in the conversation the refused workflow came from.
    const refused = await lastReply(h, loser?.workflow.conversationId ?? '');
    expect(refused).toContain('ORD-1001 is already being handled in another conversation');
    expect(await h.store.resourceLocks()).toEqual([]);
  });

  it('runs ten conversations on ten different orders at once, every one to completion, each order once', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:delay=500' });
    const orders = [
      ['C-1001', 'ORD-1001'],
      ['C-1001', 'ORD-1007'],
      ['C-1002', 'ORD-1008'],
      ['C-1009', 'ORD-1015'],
      ['C-1015', 'ORD-1021'],
      ['C-1023', 'ORD-1029'],
      ['C-1005', 'ORD-1035'],
      ['C-1012', 'ORD-1042'],
      ['C-1019', 'ORD-1049'],
      ['C-1026', 'ORD-1103'],
    ] as const;
    const results = await Promise.all(
      orders.map(async ([customerId, orderId], i) => {
        const id = await conversation(h, `conv-${i}`, customerId);
        const executor = i % 2 === 0 ? h.executor : h.restart();
        return executor.start({ plan: returnOf(orderId), customerId, conversationId: id });
      }),
    );
    expect(results.map((r) => r.workflow.status)).toEqual(orders.map(() => 'completed'));
    for (const [, orderId] of orders) {
      const record = await h.shop.describeOrder(orderId);
      expect([orderId, record?.refunds.length, record?.labels.length]).toEqual([orderId, 1, 1]);
      expect(record?.inventory.every((i) => i.state === 'returning')).toBe(true);
    }
    expect(await h.store.resourceLocks()).toEqual([]);
  });

  it('keeps the order locked while its workflow waits for a person, and frees it when the workflow ends', async () => {
    const h = createShopHarness();
    // ORD-1002 was delivered 90 days ago: the eligibility check asks a person.
    const waiting = await h.executor.start({ plan: returnOf('ORD-1002'), customerId: 'C-1001' });
    expect(waiting.workflow.status).toBe('waiting_for_human');
    expect(await h.store.resourceLocks()).toMatchObject([
      { resource: 'order:ORD-1002', workflowId: waiting.workflow.id },
    ]);
    const second = await h.restart().start({ plan: returnOf('ORD-1002'), customerId: 'C-1001' });
    expect(second.workflow).toMatchObject({ status: 'failed', outcome: { code: 'RESOURCE_BUSY' } });
    // Approved days later, the first still holds its order (re-entrant) and completes.
    h.time.advance(3 * 86_400_000);
    const decided = await h
      .restart()
      .decide(waiting.escalation?.id ?? '', { decision: 'approve', decidedBy: 'ann' });
    expect(decided.workflow.status).toBe('completed');
    expect(await h.store.resourceLocks()).toEqual([]);
    expect((await h.shop.describeOrder('ORD-1002'))?.refunds).toHaveLength(1);
  });

  it('keeps the order locked for a workflow its executor left mid-step, and its recovery takes it again', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:delay=500' });
    const crashing: Executor = new Executor({
      registry: h.domain.registry,
      store: h.store,
      ports: h.domain.ports,
      ownership: h.domain,
      runtime: { clock: h.time.clock, sleep: h.time.sleep },
      // The process dies while the refund is in flight: the workflow is left running.
      onEvent: (event) => {
        if (event.type === 'step.started' && event.data?.tool === 'schedule_refund') crashing.abort();
      },
    });
    const left = await crashing.start({ plan: returnOf('ORD-1001'), customerId: 'C-1001' });
    expect(left.workflow.status).toBe('running');
    expect(await h.store.resourceLocks(left.workflow.id)).toHaveLength(1);
    const meanwhile = await h.executor.start({ plan: returnOf('ORD-1001'), customerId: 'C-1001' });
    expect(meanwhile.workflow).toMatchObject({ status: 'failed', outcome: { code: 'RESOURCE_BUSY' } });
    const [recovered] = await h.restart().recover();
    expect(recovered?.workflow).toMatchObject({ id: left.workflow.id, status: 'completed' });
    const record = await h.shop.describeOrder('ORD-1001');
    expect([record?.refunds.length, record?.labels.length]).toEqual([1, 1]);
    expect(await h.store.resourceLocks()).toEqual([]);
  });

  it('locks nothing for a plan that only reads', async () => {
    const h = createShopHarness();
    const track = await h.executor.start({ plan: fixturePlan('track-ord-1005'), customerId: 'C-1003' });
    expect(track.workflow.status).toBe('completed');
    expect((await h.store.journal(track.workflow.id)).map((e) => e.type)).not.toContain('resource.busy');
    expect(await h.store.resourceLocks()).toEqual([]);
  });
});

describe('compensation undoes only its own workflow', () => {
  it('without locks (a domain that names no resources), the losing return puts back only its own marks', async () => {
    const h = createShopHarness({ faults: 'schedule_refund:delay=500' });
    const { resources: _, ...unlocked } = h.domain;
    const executor = () =>
      new Executor({
        registry: h.domain.registry,
        store: h.store,
        ports: h.domain.ports,
        ownership: unlocked,
        runtime: { clock: h.time.clock, sleep: h.time.sleep },
      });
    const plan = returnOf('ORD-1001');
    const results = await Promise.all([
      executor().start({ plan, customerId: 'C-1001' }),
      executor().start({ plan, customerId: 'C-1001' }),
    ]);
    expect(results.map((r) => r.workflow.status).sort()).toEqual(['compensated', 'completed']);
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.refunds).toHaveLength(1);
    expect(record?.labels.map((l) => l.status).sort()).toEqual(['active', 'void']);
    // The winner's marks stand: the loser's restore_inventory found none of its own left to undo.
    expect(record?.inventory.map((i) => i.state)).toEqual(['returning', 'returning']);
  });
});

describe('what a retail plan locks', () => {
  it('names every order in its args, and the profile when it changes it', () => {
    const h = createShopHarness();
    const resources = h.domain.resources?.bind(h.domain);
    expect(resources?.(returnOf('ORD-1001') as Plan, 'C-1001')).toEqual(['order:ORD-1001']);
    const address = fixturePlan('address-ord-1004') as Plan;
    expect(resources?.(address, 'C-1002')).toEqual(['order:ORD-1004']);
    const profile: Plan = {
      intent: 'change_address',
      confidence: 1,
      steps: [
        { id: 'p', tool: 'lookup_profile', args: {} },
        { id: 'c', tool: 'change_default_address', args: { address: {} } },
      ],
    };
    expect(resources?.(profile, 'C-1001')).toEqual(['profile:C-1001']);
  });

  it('tells the customer which order is in use, and nothing that names the other workflow', () => {
    const { templates } = createShopHarness().domain;
    const text = templates.busy?.('order:ORD-1001') ?? '';
    expect(text).toMatch(/^ORD-1001 is already being handled in another conversation; /);
    expect(templates.busy?.('profile:C-1001')).toMatch(/^Your account details are already being changed/);
    expect(text).not.toMatch(/wf_|workflow/);
  });
});
