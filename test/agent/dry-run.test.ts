import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dryRunner } from '../../src/agent/dry-run.js';
import { EscalateToHuman, PermanentToolError } from '../../src/errors.js';
import type { Plan } from '../../src/planner/plan.js';
import { VirtualTime } from '../../src/testing/index.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { defineTool } from '../../src/tools/tool.js';

// A dry run runs reads, never writes, and reports what a confirmation needs: outputs, refusals,
// escalations, the money the writes would move and their approval predicates.
function kit() {
  const calls: { tool: string; workflowId: string; key: string; approved: boolean }[] = [];
  const quote = defineTool({
    name: 'quote_refund',
    description: 'Computes how much may be refunded for the items.',
    input: z.object({
      cents: z.number(),
      late: z.boolean().default(false),
      refuse: z.boolean().default(false),
    }),
    writes: { quote: z.object({ cents: z.number() }) },
    effect: 'read',
    bounds: { kind: 'refund', amount: ({ quote }) => quote.cents },
    async run({ cents, late, refuse }, ctx) {
      calls.push({
        tool: 'quote_refund',
        workflowId: ctx.workflowId,
        key: ctx.idempotencyKey,
        approved: ctx.approval !== null,
      });
      if (refuse) throw new PermanentToolError('Final sale', { details: { rule: 'final_sale' } });
      if (late && !ctx.approval) throw new EscalateToHuman('Outside the window', { details: { days: 90 } });
      return { quote: { cents } };
    },
  });
  const pay = defineTool({
    name: 'pay_refund',
    description: 'Pays the refund the quote computed.',
    input: z.object({}),
    reads: { quote: z.object({ cents: z.number() }) },
    writes: { paid: z.boolean() },
    effect: 'write',
    money: { kind: 'refund', amount: ({ context }) => context.quote.cents },
    approval: ({ planMoney }) => (planMoney.refund > 100 ? `over the limit (${planMoney.refund})` : null),
    async run() {
      calls.push({ tool: 'pay_refund', workflowId: '', key: '', approved: false });
      return { paid: true };
    },
  });
  const after = defineTool({
    name: 'read_receipt',
    description: 'Reads what the payment wrote.',
    input: z.object({}),
    reads: { paid: z.boolean() },
    effect: 'read',
    async run() {
      calls.push({ tool: 'read_receipt', workflowId: '', key: '', approved: false });
      return {};
    },
  });
  const time = new VirtualTime('2026-01-01T00:00:00Z');
  const dryRun = dryRunner({
    registry: new ToolRegistry([quote, pay, after]),
    ports: {},
    runtime: { clock: time.clock, sleep: time.sleep },
    logger: pino({ level: 'silent' }),
    customerId: 'C-1',
    workflowId: 'preview:conv-1:t',
    timeoutMs: 1000,
  });
  return { calls, dryRun };
}

const plan = (args: Record<string, unknown>): Plan => ({
  intent: 'refund',
  confidence: 0.9,
  steps: [
    { id: 'quote', tool: 'quote_refund', args },
    { id: 'pay', tool: 'pay_refund', args: {} },
    { id: 'receipt', tool: 'read_receipt', args: {} },
  ],
});

describe('dryRunner', () => {
  it('runs the reads with keys of its own, never a write, and skips reads of what a write would write', async () => {
    const { calls, dryRun } = kit();
    const run = await dryRun(plan({ cents: 80 }));
    expect(calls).toEqual([
      {
        tool: 'quote_refund',
        workflowId: 'preview:conv-1:t',
        key: 'preview:conv-1:t:quote',
        approved: false,
      },
    ]);
    expect(run.steps.map((s) => s.outcome)).toEqual(['ok', 'write', 'skipped']);
    expect(run.context).toEqual({ quote: { cents: 80 } });
    expect(run.money).toEqual({ refund: 80, charge: 0 });
    expect(run.steps[1]).toMatchObject({ outcome: 'write', approval: null });
  });

  it("asks each write's approval predicate with what the whole plan would move", async () => {
    const { dryRun } = kit();
    const run = await dryRun(plan({ cents: 150 }));
    expect(run.steps[1]).toMatchObject({ outcome: 'write', approval: 'over the limit (150)' });
  });

  it('reports a refusal with its code and details, and an escalation apart from it', async () => {
    const { dryRun } = kit();
    const refused = await dryRun(plan({ cents: 10, refuse: true }));
    expect(refused.steps[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'TOOL_PERMANENT', kind: 'permanent', details: { rule: 'final_sale' } },
    });
    expect(refused.money).toEqual({ refund: 0, charge: 0 });
    const late = await dryRun(plan({ cents: 10, late: true }));
    expect(late.steps[0]).toMatchObject({
      outcome: 'escalate',
      error: { kind: 'escalate', details: { days: 90 } },
    });
  });

  it('with assumeApproved, a check that would escalate computes what a person would allow', async () => {
    const { calls, dryRun } = kit();
    const run = await dryRun(plan({ cents: 10, late: true }), { assumeApproved: true });
    expect(run.steps[0]).toMatchObject({ outcome: 'ok', output: { quote: { cents: 10 } } });
    expect(calls.at(-1)?.approved).toBe(true);
    expect(calls.some((c) => c.tool === 'pay_refund')).toBe(false);
  });
});
