import { describe, expect, it } from 'vitest';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { renderAsk } from '../../src/planner/ask.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import type { Plan } from '../../src/planner/plan.js';
import type { PlanResult } from '../../src/planner/planner.js';
import { validatePlan } from '../../src/planner/validate.js';
import { createShopHarness, payPartWithGiftCard } from '../helpers/shop-harness.js';

// Refunds go back to the method the order was paid with, or to a gift card on the account, as the
// customer chooses; anything else is refused with the reason, or handed to a person.
const { domain } = createShopHarness();
const registry = createRetailRegistry();
const planner = new OfflinePlanner(domain.offline);

async function plan(customerId: string, text: string): Promise<PlanResult> {
  const facts = await domain.facts(customerId);
  const result = await planner.plan({ customerId, messages: [{ role: 'customer', text }], facts });
  const scope = { ownership: (p: Plan) => domain.ownership(p, facts, customerId) };
  expect(() => validatePlan(result.plan, registry, scope)).not.toThrow();
  return result;
}
const refundTo = (result: PlanResult) =>
  result.plan.steps.find((s) => s.tool === 'choose_refund_method')?.args.paymentMethodId ?? null;

describe('where a refund goes, read by the offline planner', () => {
  it.each([
    ['C-1026', 'return ORD-1103 and put the refund on my gift card', 'pm-1026-gift'],
    ['C-1026', 'return my rain shell from ORD-1103 and refund it to my Mastercard', 'pm-1026-mc'],
    ['C-1025', 'return the gloves from ORD-1104 and refund to my visa', 'pm-1025-visa'],
  ])('%s "%s" refunds to %s', async (customer, text, method) => {
    const result = await plan(customer, text);
    expect(result.plan.intent).toBe('return');
    expect(refundTo(result)).toBe(method);
  });

  it('asks, with the reason, when a gift card paid part of the order and a card is named: no silent switch', async () => {
    const h = createShopHarness();
    payPartWithGiftCard(h);
    const own = new OfflinePlanner(h.domain.offline);
    const text = 'return ORD-1103 and refund it to my Mastercard';
    const facts = await h.domain.facts('C-1026');
    const result = await own.plan({ customerId: 'C-1026', messages: [{ role: 'customer', text }], facts });
    expect(result.plan.steps).toEqual([]);
    expect(result.plan.ask && renderAsk(h.domain, result.plan.ask)).toBe(
      'ORD-1103 was paid in part with Gift card GC-1026, so its refund goes back to a gift card as store credit, not to Mastercard ending 5555. Would you like it refunded to Gift card GC-1026?',
    );
  });

  it.each([
    ['C-1025', 'return the gloves from ORD-1104 and have it refunded to PayPal', 'pm-1025-paypal'],
    ['C-1026', 'return ORD-1103, I want the money credited to my gift card', 'pm-1026-gift'],
    ['C-1026', 'return the rain shell from ORD-1103, back onto my gift card please', 'pm-1026-gift'],
    ['C-1025', 'Return ORD-1101. PayPal for the refund, please.', 'pm-1025-paypal'],
  ])('%s "%s" (other words than "refund to") refunds to %s', async (customer, text, method) => {
    expect(refundTo(await plan(customer, text))).toBe(method);
  });

  it('asks where the refund goes when a method other than the one that paid is named in words it cannot read', async () => {
    const result = await plan('C-1025', 'return the gloves from ORD-1104, PayPal works for me');
    expect(result.plan.steps).toEqual([]);
    expect(result.plan.ask && renderAsk(domain, result.plan.ask)).toBe(
      'Should the refund for ORD-1104 go to PayPal, or back to the payment method you used? Your methods: Visa ending 4242, PayPal.',
    );
    // The method that paid, named in passing, changes nothing.
    expect(refundTo(await plan('C-1025', 'return ORD-1104, I paid with my Visa'))).toBe(null);
  });

  it('refunds to PayPal or another card of their own when no gift card paid', async () => {
    const result = await plan('C-1025', 'return the gloves from ORD-1104 and refund to PayPal');
    expect(refundTo(result)).toBe('pm-1025-paypal');
  });

  it("hands a refund to a gift card the customer doesn't have to a person, for a policy reason", async () => {
    const result = await plan('C-1025', 'return ORD-1104 and send the refund to a gift card');
    expect(result.escalate).toBeDefined();
    expect(result.plan.steps.map((s) => s.tool)).toEqual(['hand_over_to_human']);
    expect(result.plan.handoff).toMatchObject({ kind: 'policy' });
  });
});
