import type { PlanIssue } from '../../errors.js';
import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';

/**
 * Issues for steps that name an order or a payment method the signed-in customer does not own.
 * The shop would refuse such a lookup anyway; catching it in the plan lets the planner ask instead
 * of failing.
 */
export function ownershipIssues(plan: Plan, facts: RetailFacts): PlanIssue[] {
  const owned = new Set(facts.orders.map((order) => order.id));
  const methods = new Set((facts.profile?.paymentMethods ?? []).map((m) => m.methodId));
  return plan.steps.flatMap((step, index): PlanIssue[] => {
    const issues: PlanIssue[] = [];
    const { orderId, paymentMethodId } = step.args;
    if (typeof orderId === 'string' && !owned.has(orderId)) {
      issues.push({
        code: 'ORDER_NOT_OWNED',
        stepId: step.id,
        path: ['steps', index, 'args', 'orderId'],
        message: `order ${orderId} is not one of this customer's orders; ask which of their orders they mean`,
      });
    }
    if (typeof paymentMethodId === 'string' && !methods.has(paymentMethodId)) {
      issues.push({
        code: 'PAYMENT_METHOD_NOT_OWNED',
        stepId: step.id,
        path: ['steps', index, 'args', 'paymentMethodId'],
        message: `payment method ${paymentMethodId} is not one of this customer's; ask which of their methods they mean`,
      });
    }
    return issues;
  });
}
