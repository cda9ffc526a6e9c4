import { formatMoney } from '../domains/retail/money.js';
import type { Order, Refund, ReturnLabel, Shipment } from '../domains/retail/shop.js';
import type { PlanResult } from '../planner/planner.js';
import type { EscalationRecord, StepRecord } from '../store/store.js';
import type { WorkflowResult } from './executor.js';

/**
 * The customer's answer, composed from what really happened: tool results, the workflow's status
 * and its escalation. Nothing here repeats a model's free text about actions.
 */
export function composeReply(planned: PlanResult, result: WorkflowResult | null): string {
  if (planned.plan.ask) return planned.plan.ask;
  if (!result) return "Sorry, I couldn't work out what to do. A colleague will pick this up.";
  const { workflow, context, escalation } = result;
  switch (workflow.status) {
    case 'completed':
      return completed(planned.plan.intent, context, result.steps);
    case 'waiting_for_human':
      return waiting(escalation);
    case 'rejected':
      return `A colleague reviewed your request and could not approve it${workflow.outcome?.message && workflow.outcome.message !== 'Rejected by a human' ? `: ${workflow.outcome.message}` : ''}. Nothing was changed.`;
    case 'compensated':
      return `Something went wrong on our side, so I undid the steps already taken${undone(result.steps)}. Nothing was charged or refunded. Please try again a little later, or ask for a colleague.`;
    case 'failed':
      return `I couldn't complete that: ${workflow.outcome?.message ?? 'an unexpected error'}.`;
    default:
      return 'Your request is in progress.';
  }
}

type Facts = {
  order?: Order;
  label?: ReturnLabel;
  refund?: Refund;
  shipment?: Shipment | null;
  refunds?: Refund[];
};

function completed(intent: string, context: Record<string, unknown>, steps: StepRecord[]): string {
  const c = context as Facts & Record<string, unknown>;
  const order = c.order;
  const emailFailed = steps.some((s) => s.tool === 'send_confirmation_email' && s.status === 'degraded');
  const email = steps.some((s) => s.tool === 'send_confirmation_email' && s.status === 'completed');
  const lines: string[] = [];
  if (intent === 'return' && c.label && c.refund) {
    lines.push(`Your return for ${c.refund.orderId} is set up.`);
    lines.push(`Return label: ${c.label.url} (${c.label.carrier} ${c.label.trackingNumber}).`);
    lines.push(
      `A refund of ${formatMoney(c.refund.amountCents, c.refund.currency)} is scheduled and should reach you by ${day(c.refund.expectedBy)}.`,
    );
  } else if (intent === 'cancel' && order) {
    lines.push(
      `Order ${order.id} is cancelled; you will not be charged ${formatMoney(order.totalCents, order.currency)}.`,
    );
  } else if (intent === 'change_address' && c.addressChange) {
    const a = (c.addressChange as { newAddress: { line1: string; city: string; postalCode: string } })
      .newAddress;
    lines.push(`Order ${order?.id} will now ship to ${a.line1}, ${a.city} ${a.postalCode}.`);
  } else if (intent === 'track' && order) {
    lines.push(tracking(order, c.shipment ?? null));
  } else if (intent === 'refund_status' && order) {
    const refunds = c.refunds ?? [];
    lines.push(
      refunds.length === 0
        ? `There is no refund for ${order.id} yet.`
        : refunds
            .map(
              (r) =>
                `Refund of ${formatMoney(r.amountCents, r.currency)} for ${order.id}: ${r.status}, expected by ${day(r.expectedBy)}.`,
            )
            .join(' '),
    );
  } else if (order) {
    lines.push(
      `Order ${order.id} is ${order.status}${order.deliveredAt ? ` (delivered ${day(order.deliveredAt)})` : order.shippedAt ? ` (shipped ${day(order.shippedAt)})` : ` (placed ${day(order.placedAt)})`}.`,
    );
  } else {
    lines.push('Done.');
  }
  if (email) lines.push('A confirmation email is on its way.');
  if (emailFailed)
    lines.push("We couldn't send the confirmation email just now, so please keep this message.");
  return lines.join(' ');
}

function tracking(order: Order, shipment: Shipment | null): string {
  if (!shipment) return `Order ${order.id} hasn't shipped yet; it was placed on ${day(order.placedAt)}.`;
  const latest = shipment.events.at(-1);
  const status = shipment.status === 'delivered' ? 'delivered' : 'in transit';
  return `Order ${order.id} is ${status} with ${shipment.carrier}, tracking number ${shipment.trackingNumber}${shipment.status !== 'delivered' && shipment.estimatedDelivery ? `, expected by ${day(shipment.estimatedDelivery)}` : ''}.${latest ? ` Latest: ${latest.description}.` : ''}`;
}

function waiting(escalation: EscalationRecord | null): string {
  if (!escalation) return 'A colleague needs to look at this; they will reply here.';
  switch (escalation.kind) {
    case 'low_confidence':
      return "I want to be sure I get this right, so a colleague will check my plan before anything happens. They'll reply here.";
    case 'approval':
      return `This needs a colleague's approval (${escalation.reason}). I've asked for it and will confirm here.`;
    case 'compensation':
      return 'Something went wrong and a colleague is putting it right; they will confirm here.';
    default:
      return escalation.details?.tool === 'hand_over_to_human'
        ? "I've asked a colleague to take over; they'll reply here."
        : `A colleague needs to review this: ${escalation.reason}. They'll reply here.`;
  }
}

function undone(steps: StepRecord[]): string {
  const names: Record<string, string> = {
    create_return_label: 'the return label was voided',
    mark_items_returning: 'the items were put back',
    schedule_refund: 'the refund was cancelled',
    change_shipping_address: 'the address was restored',
  };
  const list = steps.filter((s) => s.status === 'compensated').map((s) => names[s.tool] ?? s.tool);
  return list.length > 0 ? ` (${list.join(', ')})` : '';
}

const day = (iso: string) => iso.slice(0, 10);
