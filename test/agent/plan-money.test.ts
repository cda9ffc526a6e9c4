import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../../src/tools/tool.js';
import { createHarness, type Ledger, scriptedTool } from '../helpers/executor-harness.js';

/** A check that computes how much the plan may refund, and a repeatable payout bounded by it. */
function moneyTools(ledger: Ledger) {
  return [
    defineTool({
      name: 'quote_refund',
      description: 'Computes what may be refunded.',
      input: z.object({ cents: z.number().int() }),
      writes: { quote: z.number().int() },
      effect: 'read',
      bounds: { kind: 'refund', amount: ({ quote }) => quote },
      async run({ cents }) {
        return { quote: cents };
      },
    }),
    defineTool({
      name: 'pay_out',
      description: 'Pays money back to the customer.',
      input: z.object({ cents: z.number().int() }),
      effect: 'write',
      repeatable: true,
      money: { kind: 'refund', amount: ({ input }) => input.cents },
      approval: ({ planMoney }) =>
        planMoney.refund > 500 ? `refunds of ${planMoney.refund} need approval` : null,
      async run({ cents }, ctx) {
        ledger.apply(ctx.idempotencyKey, 'pay_out', cents);
        return {};
      },
    }),
    scriptedTool(ledger, 'label_parcel', [], { compensate: 'void_parcel' }),
    scriptedTool(ledger, 'void_parcel', [], { plannable: false }),
  ];
}

const plan = (quote: number, ...payouts: number[]) => ({
  intent: 'refund',
  confidence: 1,
  steps: [
    { id: 'quote', tool: 'quote_refund', args: { cents: quote } },
    { id: 'label', tool: 'label_parcel', args: {} },
    ...payouts.map((cents, i) => ({ id: `pay${i + 1}`, tool: 'pay_out', args: { cents } })),
  ],
});

describe('money in a plan', () => {
  it('refuses a payout that would pass what the check computed, before it runs, and undoes the rest', async () => {
    const h = createHarness(moneyTools);
    const result = await h.executor.start({ plan: plan(200, 150, 150), customerId: 'C-1' });
    expect(h.ledger.live('pay_out')).toEqual(['wf_1:pay1']);
    expect(result.workflow.status).toBe('compensated');
    expect(result.workflow.outcome).toMatchObject({ stepId: 'pay2', code: 'MONEY_OVER_BOUND' });
    expect(result.steps.find((s) => s.stepId === 'pay2')).toMatchObject({ status: 'failed', attempts: 0 });
    expect(h.ledger.live('void_parcel')).toEqual(['wf_1:label:undo']);
  });

  it('lets payouts run while their total stays within the bound', async () => {
    const h = createHarness(moneyTools);
    const result = await h.executor.start({ plan: plan(400, 150, 250), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    expect(h.ledger.live('pay_out')).toEqual(['wf_1:pay1', 'wf_1:pay2']);
  });

  it('judges an approval limit on the sum of the plan, so two refunds under it do not skip it', async () => {
    const h = createHarness(moneyTools);
    const waiting = await h.executor.start({ plan: plan(1000, 300, 300), customerId: 'C-1' });
    expect(waiting.workflow.status).toBe('waiting_for_human');
    expect(waiting.escalation).toMatchObject({ stepId: 'pay1', reason: 'refunds of 600 need approval' });
    expect(h.ledger.live('pay_out')).toEqual([]);
  });
});

/**
 * A price difference: a check quotes it (signed, positive charged, negative paid back), a settle
 * step moves it, and a refund tool that shares the refund bound.
 */
function differenceTools(ledger: Ledger) {
  return [
    ...moneyTools(ledger),
    defineTool({
      name: 'quote_difference',
      description: 'Computes the price difference of a swap.',
      input: z.object({ cents: z.number().int() }),
      writes: { difference: z.number().int() },
      effect: 'read',
      bounds: { kind: 'difference', amount: ({ difference }) => difference },
      async run({ cents }) {
        return { difference: cents };
      },
    }),
    defineTool({
      name: 'settle_difference',
      description: 'Charges or pays back a price difference.',
      input: z.object({ cents: z.number().int() }),
      effect: 'write',
      money: { kind: 'difference', amount: ({ input }) => input.cents },
      approval: ({ planMoney }) =>
        planMoney.charge > 900 || planMoney.refund > 900
          ? `moves ${planMoney.charge} charged and ${planMoney.refund} paid back`
          : null,
      async run({ cents }, ctx) {
        ledger.apply(ctx.idempotencyKey, 'settle_difference', cents);
        return {};
      },
    }),
  ];
}

const swap = (quote: number, settle: number, ...payouts: number[]) => ({
  intent: 'exchange',
  confidence: 1,
  steps: [
    { id: 'quote', tool: 'quote_difference', args: { cents: quote } },
    { id: 'label', tool: 'label_parcel', args: {} },
    { id: 'settle', tool: 'settle_difference', args: { cents: settle } },
    ...payouts.map((cents, i) => ({ id: `pay${i + 1}`, tool: 'pay_out', args: { cents } })),
  ],
});

describe('a price difference in a plan', () => {
  it.each([
    ['charges', 300, 300],
    ['pays back', -300, -300],
    ['moves nothing for', 0, 0],
  ])('%s the difference its check computed', async (_, quote, settle) => {
    const h = createHarness(differenceTools);
    const result = await h.executor.start({ plan: swap(quote, settle), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    expect(h.ledger.live('settle_difference')).toEqual(['wf_1:settle']);
  });

  it.each([
    ['a bigger charge', 300, 301],
    ['a refund where the check computed a charge', 300, -100],
    ['a charge where the check computed a refund', -300, 100],
    ['a bigger refund', -300, -301],
  ])('refuses %s before it runs, and undoes the rest', async (_, quote, settle) => {
    const h = createHarness(differenceTools);
    const result = await h.executor.start({ plan: swap(quote, settle), customerId: 'C-1' });
    expect(result.workflow.status).toBe('compensated');
    expect(result.workflow.outcome).toMatchObject({ stepId: 'settle', code: 'MONEY_OVER_BOUND' });
    expect(h.ledger.live('settle_difference')).toEqual([]);
    expect(h.ledger.live('void_parcel')).toEqual(['wf_1:label:undo']);
  });

  it('counts a difference paid back with the plan’s other refunds against one bound', async () => {
    const h = createHarness(differenceTools);
    const result = await h.executor.start({ plan: swap(-300, -300, 200), customerId: 'C-1' });
    expect(result.workflow.outcome).toMatchObject({ stepId: 'pay1', code: 'MONEY_OVER_BOUND' });
    expect(h.ledger.live('pay_out')).toEqual([]);
  });

  it('shows an approval predicate the whole plan: the difference paid back plus the refunds after it', async () => {
    const h = createHarness(differenceTools);
    const plan = {
      ...swap(-1000, -500, 500),
      steps: [{ id: 'q2', tool: 'quote_refund', args: { cents: 1000 } }, ...swap(-1000, -500, 500).steps],
    };
    const waiting = await h.executor.start({ plan, customerId: 'C-1' });
    expect(waiting.escalation).toMatchObject({
      stepId: 'settle',
      reason: 'moves 0 charged and 1000 paid back',
    });
  });
});
