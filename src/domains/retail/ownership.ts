import type { PlanIssue } from '../../errors.js';
import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';

/**
 * Issues for steps that name an order the signed-in customer does not own. The shop would refuse
 * such a lookup anyway; catching it in the plan lets the planner ask instead of failing.
 */
export function ownershipIssues(plan: Plan, facts: RetailFacts): PlanIssue[] {
  const owned = new Set(facts.orders.map((order) => order.id));
  return plan.steps.flatMap((step, index): PlanIssue[] => {
    const orderId = step.args.orderId;
    if (typeof orderId !== 'string' || owned.has(orderId)) return [];
    return [
      {
        code: 'ORDER_NOT_OWNED',
        stepId: step.id,
        path: ['steps', index, 'args', 'orderId'],
        message: `order ${orderId} is not one of this customer's orders; ask which of their orders they mean`,
      },
    ];
  });
}
