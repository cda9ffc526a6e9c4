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
