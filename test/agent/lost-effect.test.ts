import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Executor } from '../../src/agent/executor.js';
import type { Shop } from '../../src/domains/retail/shop.js';
import { RetryableToolError } from '../../src/errors.js';
import { seededRandom } from '../../src/testing/index.js';
import { defineTool } from '../../src/tools/tool.js';
import { createHarness, type Ledger, planOf, scriptedTool } from '../helpers/executor-harness.js';
import { createShopHarness, fixturePlan } from '../helpers/shop-harness.js';

/** A write whose every attempt takes effect and then loses its answer, as a dropped connection does. */
function lossyPayout(ledger: Ledger, options: { recall: boolean; effect?: boolean }) {
  return defineTool({
    name: 'pay_lost',
    description: 'Pays out, and its answer never arrives.',
    input: z.object({}),
    writes: { payout: z.object({ key: z.string() }) },
    effect: 'write',
    compensate: 'take_back',
    retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    ...(options.recall
      ? {
          async recall(ctx) {
            return ledger.effects.has(ctx.idempotencyKey) ? { payout: { key: ctx.idempotencyKey } } : null;
          },
        }
      : {}),
    async run(_input, ctx) {
      if (options.effect !== false) ledger.apply(ctx.idempotencyKey, 'pay_lost', 'paid');
      throw new RetryableToolError('connection reset after the request was sent');
    },
  });
}

const tools = (options: { recall: boolean; effect?: boolean }) => (l: Ledger) => [
  scriptedTool(l, 'write_a', [], { compensate: 'undo_a' }),
  scriptedTool(l, 'undo_a', [], { plannable: false }),
  lossyPayout(l, options),
  defineTool({
    name: 'take_back',
    description: 'Takes a payout back.',
    input: z.object({ payout: z.object({ key: z.string() }) }),
    effect: 'write',
    plannable: false,
    async run({ payout }, ctx) {
      l.apply(ctx.idempotencyKey, 'take_back', payout.key);
      return {};
    },
  }),
];

describe('a write that failed for good after its effect', () => {
  it('is looked up by its idempotency key and undone with the rest', async () => {
    const h = createHarness(tools({ recall: true }));
    const result = await h.executor.start({ plan: planOf('write_a', 'pay_lost'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('compensated');
    expect(h.ledger.effects.get('wf_1:s2:undo')).toEqual({ tool: 'take_back', value: 'wf_1:s2' });
    expect(h.ledger.live('undo_a')).toEqual(['wf_1:s1:undo']);
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['s1', 'compensated'],
      ['s2', 'compensated'],
    ]);
  });

  it('is skipped, cleanly, when the lookup finds that it took no effect', async () => {
    const h = createHarness(tools({ recall: true, effect: false }));
    const result = await h.executor.start({ plan: planOf('write_a', 'pay_lost'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('compensated');
    expect(h.ledger.live('take_back')).toEqual([]);
    expect((await h.store.journal('wf_1')).map((e) => e.type)).toContain('compensation.skipped');
  });

  it('goes to a person when the tool cannot look its effect up', async () => {
    const h = createHarness(tools({ recall: false }));
    const result = await h.executor.start({ plan: planOf('write_a', 'pay_lost'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('waiting_for_human');
    expect(result.escalation).toMatchObject({ kind: 'compensation', stepId: 's2' });
    expect(result.escalation?.reason).toMatch(/may have taken effect/);
    const handled = await h.executor.decide(result.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'ana',
    });
    expect(handled.workflow.status).toBe('failed');
    expect(h.ledger.live('undo_a')).toEqual(['wf_1:s1:undo']);
  });

  it('retail: a refund whose answer was lost is cancelled when the return is compensated', async () => {
    // Found by the crash torture: 25 of 1,000 compensated returns kept their refund.
    const h = createShopHarness();
    const lossy = new Proxy(h.shop, {
      get(target, property) {
        const value = Reflect.get(target, property) as (...a: unknown[]) => Promise<unknown>;
        if (typeof value !== 'function') return value;
        if (property !== 'scheduleRefund') return value.bind(target);
        return async (...args: unknown[]) => {
          await value.apply(target, args);
          throw new RetryableToolError('the refund API dropped the connection after it answered');
        };
      },
    }) as Shop;
    const executor = new Executor({
      registry: h.domain.registry,
      store: h.store,
      ports: { shop: lossy },
      ownership: h.domain,
      runtime: { clock: h.time.clock, sleep: h.time.sleep, random: seededRandom(1) },
    });
    const result = await executor.start({ plan: fixturePlan('return-ord-1001'), customerId: 'C-1001' });
    expect(result.workflow.status).toBe('compensated');
    const record = await h.shop.describeOrder('ORD-1001');
    expect(record?.refunds.map((r) => r.status)).toEqual(['cancelled']);
    expect(record?.labels.map((l) => l.status)).toEqual(['void']);
    expect(record?.inventory.every((i) => i.state === 'sold')).toBe(true);
  });
});
