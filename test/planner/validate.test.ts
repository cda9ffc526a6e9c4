import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ownershipIssues } from '../../src/domains/retail/ownership.js';
import type { Order } from '../../src/domains/retail/shop.js';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { PlanInvalidError, type PlanIssue } from '../../src/errors.js';
import { NO_OWNED_RESOURCES, validatePlan } from '../../src/planner/validate.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { defineTool } from '../../src/tools/tool.js';

const registry = createRetailRegistry();

function issuesOf(plan: unknown, reg: ToolRegistry = registry): PlanIssue[] {
  try {
    validatePlan(plan, reg, NO_OWNED_RESOURCES);
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
    const plan = validatePlan(
      { intent: 'return', confidence: 0.9, steps: returnPlan },
      registry,
      NO_OWNED_RESOURCES,
    );
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
        NO_OWNED_RESOURCES,
      ),
    ).not.toThrow();
  });

  it('rejects a second refund in a plan for one item of ORD-1001 (WRITE_REPEATED), before anything runs', () => {
    // Reproduced on main: this plan validated, and keel exec refunded 29.99 twice.
    const plan = {
      intent: 'return',
      confidence: 1,
      steps: [
        { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1001' } },
        {
          id: 'eligibility',
          tool: 'check_return_eligibility',
          args: { skus: ['SKU-TEE-BLU'], reason: 'small' },
        },
        { id: 'label', tool: 'create_return_label', args: {} },
        { id: 'refund', tool: 'schedule_refund', args: {} },
        { id: 'refund2', tool: 'schedule_refund', args: {} },
      ],
    };
    expect(issuesOf(plan)).toEqual([
      expect.objectContaining({ code: 'WRITE_REPEATED', stepId: 'refund2', path: ['steps', 4, 'tool'] }),
    ]);
  });

  it('lets a write tool repeat only when it declares repeatable, and money move only after a bound', () => {
    const write = (name: string, extra: object = {}) =>
      defineTool({
        name,
        description: 'A write for the test.',
        input: z.object({}),
        effect: 'write',
        ...extra,
        async run() {
          return {};
        },
      });
    const custom = new ToolRegistry([
      write('tag_order', { repeatable: true }),
      write('pay_out', { repeatable: true, money: { kind: 'refund', amount: () => 1 } }),
      defineTool({
        name: 'quote_refund',
        description: 'Computes what may be refunded.',
        input: z.object({}),
        writes: { quote: z.number() },
        effect: 'read',
        bounds: { kind: 'refund', amount: ({ quote }) => quote },
        async run() {
          return { quote: 1 };
        },
      }),
    ]);
    const plan = (...tools: string[]) => ({
      intent: 't',
      confidence: 1,
      steps: tools.map((tool, i) => ({ id: `s${i}`, tool, args: {} })),
    });
    expect(() => validatePlan(plan('tag_order', 'tag_order'), custom, NO_OWNED_RESOURCES)).not.toThrow();
    expect(issuesOf(plan('pay_out', 'quote_refund', 'pay_out'), custom)).toEqual([
      expect.objectContaining({ code: 'MONEY_UNBOUNDED', stepId: 's0' }),
    ]);
  });

  it('lets a difference move only after a check bounded both ways: a refund check is not enough', () => {
    const tool = (name: string, extra: object) =>
      defineTool({
        name,
        description: 'A tool for the test.',
        input: z.object({}),
        writes: { [name]: z.number().optional() },
        effect: 'read',
        ...extra,
        async run() {
          return {};
        },
      });
    const custom = new ToolRegistry([
      tool('settle_difference', { effect: 'write', money: { kind: 'difference', amount: () => 1 } }),
      tool('quote_refund', { bounds: { kind: 'refund', amount: () => 1 } }),
      tool('quote_charge', { bounds: { kind: 'charge', amount: () => 1 } }),
      tool('quote_difference', { bounds: { kind: 'difference', amount: () => 1 } }),
      tool('pay_out', { effect: 'write', money: { kind: 'refund', amount: () => 1 } }),
    ]);
    const plan = (...tools: string[]) => ({
      intent: 't',
      confidence: 1,
      steps: tools.map((tool, i) => ({ id: `s${i}`, tool, args: {} })),
    });
    expect(issuesOf(plan('quote_refund', 'settle_difference'), custom)).toEqual([
      expect.objectContaining({ code: 'MONEY_UNBOUNDED', stepId: 's1' }),
    ]);
    for (const valid of [
      plan('quote_refund', 'quote_charge', 'settle_difference'),
      plan('quote_difference', 'settle_difference', 'pay_out'),
    ])
      expect(() => validatePlan(valid, custom, NO_OWNED_RESOURCES)).not.toThrow();
  });

  it('checks ownership of the resources a plan names for the acting customer, for every caller', () => {
    const scope = {
      ownership: () => [{ code: 'ORDER_NOT_OWNED' as const, path: ['steps', 0], message: 'not theirs' }],
    };
    expect(() =>
      validatePlan({ intent: 'track', confidence: 1, steps: returnPlan.slice(0, 1) }, registry, scope),
    ).toThrow(/ORDER_NOT_OWNED: not theirs/);
  });

  it("retail's ownership finds an order named anywhere in the args, not only as orderId", () => {
    const facts = { orders: [{ id: 'ORD-1001' }] as Order[] };
    const plan = {
      intent: 'x',
      confidence: 1,
      steps: [
        { id: 'a', tool: 't', args: { orderId: 'ORD-1001' } },
        {
          id: 'b',
          tool: 't',
          args: { exchange: { originalOrderId: 'ORD-2002' }, orderIds: ['ORD-1001', 'ORD-3003'] },
        },
      ],
    };
    expect(ownershipIssues(plan, facts).map((i) => [i.stepId, i.path.join('.')])).toEqual([
      ['b', 'steps.1.args.exchange.originalOrderId'],
      ['b', 'steps.1.args.orderIds.1'],
    ]);
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
