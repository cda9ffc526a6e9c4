import type { PlanIssue } from '../../errors.js';
import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';

/** Arg keys that name an order, at any depth: `orderId`, `orderIds`, `originalOrderId`, … */
const ORDER_KEY = /orderids?$/i;

/**
 * Issues for steps that name an order or a payment method the signed-in customer does not own,
 * wherever in the args the order is named. The shop would refuse such a lookup anyway; catching it
 * in the plan lets the planner ask instead of failing, and keeps `keel exec` and library callers
 * to the same rule.
 */
export function ownershipIssues(plan: Plan, facts: RetailFacts): PlanIssue[] {
  const owned = new Set(facts.orders.map((order) => order.id));
  const methods = new Set((facts.profile?.paymentMethods ?? []).map((m) => m.methodId));
  return plan.steps.flatMap((step, index): PlanIssue[] => {
    const orders = orderRefs(step.args, ['steps', index, 'args'])
      .filter((ref) => !owned.has(ref.orderId))
      .map(
        (ref): PlanIssue => ({
          code: 'ORDER_NOT_OWNED',
          stepId: step.id,
          path: ref.path,
          message: `order ${ref.orderId} is not one of this customer's orders; ask which of their orders they mean`,
        }),
      );
    const { paymentMethodId } = step.args;
    if (typeof paymentMethodId !== 'string' || methods.has(paymentMethodId)) return orders;
    return [
      ...orders,
      {
        code: 'PAYMENT_METHOD_NOT_OWNED',
        stepId: step.id,
        path: ['steps', index, 'args', 'paymentMethodId'],
        message: `payment method ${paymentMethodId} is not one of this customer's; ask which of their methods they mean`,
      },
    ];
  });
}

type OrderRef = { orderId: string; path: (string | number)[] };

/** Tools that change the customer's profile (their account) rather than one order. */
const PROFILE_WRITES: ReadonlySet<string> = new Set(['change_default_address']);

/**
 * What a retail plan acts on, for the executor's locks: every order it names, wherever in the args
 * (as ownership finds them), and the customer's profile when it changes it. Two conversations that
 * return one order, or change one account, then run one after the other, never interleaved.
 */
export function retailResources(plan: Plan, customerId: string): string[] {
  const orders = plan.steps.flatMap((step) => orderRefs(step.args, []).map((ref) => `order:${ref.orderId}`));
  const profile = plan.steps.some((step) => PROFILE_WRITES.has(step.tool)) ? [`profile:${customerId}`] : [];
  return [...new Set([...orders, ...profile])];
}

function orderRefs(value: unknown, path: (string | number)[], named = false): OrderRef[] {
  if (typeof value === 'string') return named ? [{ orderId: value, path }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => orderRefs(item, [...path, i], named));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => orderRefs(item, [...path, key], ORDER_KEY.test(key)));
}
