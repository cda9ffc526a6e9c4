import { z } from 'zod';
import { EscalateToHuman } from '../../../errors.js';
import { Exchange } from '../exchanges.js';
import { formatMoney } from '../money.js';
import { defineRetailTool } from '../ports.js';
import { Email, Order, Refund, ReturnLabel } from '../shop.js';

export const EMAIL_TEMPLATES = [
  'return_confirmation',
  'cancellation_confirmation',
  'address_change_confirmation',
  'exchange_confirmation',
  'order_change_confirmation',
] as const;

const optionalFacts = {
  order: Order,
  label: ReturnLabel.optional(),
  refund: Refund.optional(),
  cancellation: z
    .object({ orderId: z.string(), releasedCents: z.number().int(), currency: z.string() })
    .optional(),
  addressChange: z.object({ newAddress: z.object({ line1: z.string(), city: z.string() }) }).optional(),
  exchange: Exchange.optional(),
  orderChange: z
    .object({
      totalCents: z.number().int(),
      items: z.array(z.object({ name: z.string(), quantity: z.number() })),
    })
    .optional(),
};
type Facts = z.infer<z.ZodObject<typeof optionalFacts>>;

export const sendConfirmationEmail = defineRetailTool({
  name: 'send_confirmation_email',
  description:
    'Emails the customer a confirmation of what was just done. Not critical: if email is down, the workflow completes and the reply carries the details.',
  input: z.strictObject({ template: z.enum(EMAIL_TEMPLATES) }),
  reads: optionalFacts,
  writes: { email: Email },
  effect: 'write',
  critical: false,
  requires: ['lookup_order'],
  async run({ template }, ctx) {
    const { subject, body } = compose(template, ctx.context);
    const email = await ctx.ports.shop.sendEmail(
      { customerId: ctx.customerId, orderId: ctx.context.order.id, template, subject, body },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { email };
  },
});

/** The email says only what tools reported, never what a model wrote. */
function compose(
  template: (typeof EMAIL_TEMPLATES)[number],
  facts: Facts,
): { subject: string; body: string } {
  const { order, label, refund, cancellation, addressChange, exchange, orderChange } = facts;
  const lines: string[] = [];
  if (label) lines.push(`Your return label: ${label.url} (${label.carrier} ${label.trackingNumber}).`);
  if (refund)
    lines.push(
      `Refund ${refund.refundId}: ${formatMoney(refund.amountCents, refund.currency)}, expected by ${refund.expectedBy.slice(0, 10)}.`,
    );
  if (cancellation)
    lines.push(
      `Order cancelled; ${formatMoney(cancellation.releasedCents, cancellation.currency)} will not be charged.`,
    );
  if (addressChange)
    lines.push(`New shipping address: ${addressChange.newAddress.line1}, ${addressChange.newAddress.city}.`);
  if (exchange)
    lines.push(
      `Exchange: ${exchange.name} for ${exchange.newName}. Return label: ${exchange.label.url} (${exchange.label.carrier} ${exchange.label.trackingNumber}). The new item ships with ${exchange.shipment.carrier} ${exchange.shipment.trackingNumber}.`,
    );
  if (orderChange)
    lines.push(
      `Your order now holds ${orderChange.items.map((i) => `${i.quantity} × ${i.name}`).join(', ')}; total ${formatMoney(orderChange.totalCents, order.currency)}.`,
    );
  const subjects = {
    exchange_confirmation: `Your exchange for order ${order.id}`,
    order_change_confirmation: `Order ${order.id} is changed`,
    return_confirmation: `Your return for order ${order.id}`,
    cancellation_confirmation: `Order ${order.id} is cancelled`,
    address_change_confirmation: `New shipping address for order ${order.id}`,
  };
  return { subject: subjects[template], body: lines.join('\n') || `An update about order ${order.id}.` };
}

export const handOverToHuman = defineRetailTool({
  name: 'hand_over_to_human',
  description:
    'Hands the conversation to a person on the support team, with a short summary of what the customer needs.',
  input: z.strictObject({
    summary: z.string().min(1).max(500).describe('What the customer needs, for the person taking over'),
  }),
  writes: {
    handoff: z.object({ escalationId: z.string(), decidedBy: z.string(), note: z.string().nullable() }),
  },
  effect: 'read',
  async run({ summary }, ctx) {
    // The first run asks for a person; once staff has answered, the step records who took it.
    if (!ctx.approval)
      throw new EscalateToHuman(`Customer asked for a person: ${summary}`, {
        details: { summary },
        reasonKind: 'customer_request',
      });
    return {
      handoff: {
        escalationId: ctx.approval.escalationId,
        decidedBy: ctx.approval.decidedBy,
        note: ctx.approval.note,
      },
    };
  },
});
