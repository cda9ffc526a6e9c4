import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { PlanInvalidError, type PlanIssue } from '../../src/errors.js';
import { validatePlan } from '../../src/planner/validate.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { defineTool } from '../../src/tools/tool.js';

const registry = createRetailRegistry();

function issuesOf(plan: unknown, reg: ToolRegistry = registry): PlanIssue[] {
  try {
    validatePlan(plan, reg);
  } catch (error) {
    if (error instanceof PlanInvalidError) return error.issues;
    throw error;
  }
  throw new Error('plan was valid');
}

const returnPlan = [
  { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1001' } },
  { id: 'eligibility', tool: 'check_return_eligibility', args: { skus: null, reason: "doesn't fit" } },
  { id: 'label', tool: 'create_return_label', args: {} },
  { id: 'refund', tool: 'schedule_refund', args: {} },
];

describe('validatePlan', () => {
  it('accepts the return playbook and returns args parsed by each tool', () => {
    const plan = validatePlan({ intent: 'return', confidence: 0.9, steps: returnPlan }, registry);
    expect(plan.steps.map((s) => s.tool)).toEqual(returnPlan.map((s) => s.tool));
    expect(plan.validated).toBe(true);
  });

  it('reports every problem at once, each with its code, step id and path', () => {
    const issues = issuesOf({
      intent: 'return',
      confidence: 0.9,
      steps: [
        { id: 'a', tool: 'lookup_order', args: { orderId: 42 } },
        { id: 'a', tool: 'refund_everything', args: {} },
        { id: 'c', tool: 'void_return_label', args: {} },
        { id: 'd', tool: 'schedule_refund', args: { amountCents: 999_999 } },
      ],
    });
    const summary = issues.map((i) => [i.code, i.stepId, i.path.join('.')]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['ARGS_INVALID', 'a', 'steps.0.args.orderId'],
        ['STEP_DUPLICATE_ID', 'a', 'steps.1.id'],
        ['TOOL_UNKNOWN', 'a', 'steps.1.tool'],
        ['TOOL_NOT_PLANNABLE', 'c', 'steps.2.tool'],
        ['ARGS_INVALID', 'c', 'steps.2.args.label'],
        ['ARGS_INVALID', 'd', 'steps.3.args'],
        ['READ_UNSATISFIED', 'd', 'steps.3'],
        ['REQUIRES_UNSATISFIED', 'd', 'steps.3'],
      ]),
    );
  });

  it('rejects a refund amount smuggled into the args', () => {
    const issues = issuesOf({
      intent: 'return',
      confidence: 0.9,
      steps: [
        ...returnPlan.slice(0, 2),
        { id: 'refund', tool: 'schedule_refund', args: { amountCents: 100000 } },
      ],
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'ARGS_INVALID', stepId: 'refund' })]);
  });

  it('reports a read that no earlier step writes, even when a later step writes it', () => {
    const issues = issuesOf({
      intent: 'return',
      confidence: 0.9,
      steps: [{ id: 'label', tool: 'create_return_label', args: {} }, ...returnPlan.slice(0, 2)],
    });
    expect(issues.filter((i) => i.stepId === 'label').map((i) => i.code)).toEqual([
      'READ_UNSATISFIED',
      'READ_UNSATISFIED',
      'REQUIRES_UNSATISFIED',
    ]);
  });

  it('lets optional reads go unwritten', () => {
    expect(() =>
      validatePlan(
        {
          intent: 'cancel',
          confidence: 1,
          steps: [
            { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1004' } },
            { id: 'email', tool: 'send_confirmation_email', args: { template: 'cancellation_confirmation' } },
          ],
        },
        registry,
      ),
    ).not.toThrow();
  });

  it('rejects malformed plans with PLAN_SHAPE issues naming the path', () => {
    expect(
      issuesOf({ intent: 'x', confidence: 2, steps: 'no' }).map((i) => [i.code, i.path.join('.')]),
    ).toEqual([
      ['PLAN_SHAPE', 'confidence'],
      ['PLAN_SHAPE', 'steps'],
    ]);
    expect(issuesOf(null)[0]?.code).toBe('PLAN_SHAPE');
  });

  it('rejects a plan with neither steps nor a question', () => {
    expect(issuesOf({ intent: 'x', confidence: 1, steps: [] }).map((i) => i.code)).toEqual(['PLAN_EMPTY']);
  });

  it('checks the tools of a custom registry the same way', () => {
    const custom = new ToolRegistry([
      defineTool({
        name: 'greet_customer',
        description: 'Says hello to the customer.',
        input: z.object({ name: z.string() }),
        effect: 'read',
        async run() {
          return {};
        },
      }),
    ]);
    expect(
      issuesOf(
        { intent: 'hi', confidence: 1, steps: [{ id: 'g', tool: 'greet_customer', args: {} }] },
        custom,
      ),
    ).toEqual([
      expect.objectContaining({ code: 'ARGS_INVALID', stepId: 'g', path: ['steps', 0, 'args', 'name'] }),
    ]);
  });
});
