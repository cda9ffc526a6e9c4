import { clipUtf16 } from '../../code-points.js';
import type { EscalationReasonKind } from '../../escalation-reason.js';
import type { PlanAsk } from '../../planner/ask.js';
import type { Plan } from '../../planner/plan.js';
import type { Intent } from './intents.js';
import type { Address } from './shop.js';

/**
 * The built-in playbooks: the plan for each intent. The offline planner fills them in; the LLM
 * planner sees them as examples in its prompt.
 */

const step = (id: string, tool: string, args: Record<string, unknown> = {}) => ({ id, tool, args });

export function returnPlan(
  orderId: string,
  options: {
    skus?: string[] | null;
    reason: string;
    confidence: number;
    /** Some units of one line only. */
    units?: { sku: string; quantity: number } | null;
    /** Refund to this method of the customer's instead of the one that paid. */
    refundTo?: string | null;
  },
): Plan {
  return {
    intent: 'return',
    confidence: options.confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('eligibility', 'check_return_eligibility', { skus: options.skus ?? null, reason: options.reason }),
      ...(options.units ? [step('units', 'return_units', options.units)] : []),
      ...(options.refundTo
        ? [step('refund_to', 'choose_refund_method', { paymentMethodId: options.refundTo })]
        : []),
      step('label', 'create_return_label'),
      step('inventory', 'mark_items_returning'),
      step('refund', 'schedule_refund'),
      step('email', 'send_confirmation_email', { template: 'return_confirmation' }),
    ],
  };
}

export function cancelPlan(orderId: string, reason: string, confidence: number): Plan {
  return {
    intent: 'cancel',
    confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('cancel', 'cancel_order', { reason }),
      step('email', 'send_confirmation_email', { template: 'cancellation_confirmation' }),
    ],
  };
}

export function changeAddressPlan(orderId: string, address: Address, confidence: number): Plan {
  return {
    intent: 'change_address',
    confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('address', 'change_shipping_address', { address }),
      step('email', 'send_confirmation_email', { template: 'address_change_confirmation' }),
    ],
  };
}

export function trackPlan(orderId: string, confidence: number): Plan {
  return {
    intent: 'track',
    confidence,
    steps: [step('lookup', 'lookup_order', { orderId }), step('track', 'track_shipment')],
  };
}

export function refundStatusPlan(orderId: string, confidence: number): Plan {
  return {
    intent: 'refund_status',
    confidence,
    steps: [step('lookup', 'lookup_order', { orderId }), step('refunds', 'get_refund_status')],
  };
}

export function orderStatusPlan(orderId: string, confidence: number): Plan {
  return { intent: 'order_status', confidence, steps: [step('lookup', 'lookup_order', { orderId })] };
}

/** Hands the conversation to a person; the workflow waits for staff. */
export function handoffPlan(
  summary: string,
  confidence: number,
  handoff?: { kind: EscalationReasonKind; reason: string },
): Plan {
  return {
    intent: 'human',
    confidence,
    steps: [step('handoff', 'hand_over_to_human', { summary: clipUtf16(summary, 500) })],
    ...(handoff ? { handoff } : {}),
  };
}

/**
 * A clarifying question instead of steps. A string is a question the offline rules worded with
 * the domain's own templates (kind `rule_text`); a model never produces one.
 */
export function askPlan(intent: Intent, question: PlanAsk | string, confidence: number): Plan {
  const ask = typeof question === 'string' ? { kind: 'rule_text', slots: { text: question } } : question;
  return { intent, confidence, steps: [], ask };
}
