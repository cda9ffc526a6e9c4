import * as desk from '../../src/domains/retail/desk-playbooks.js';
import type { Intent } from '../../src/domains/retail/intents.js';
import * as p from '../../src/domains/retail/playbooks.js';
import type { FakeReply } from './fake-openai-server.js';
import { CORRECTIONS } from './suite-corrections.js';
import { REQUESTS } from './suite-requests.js';

/** One conversation of the recorded suite; `model` lists the fake model's replies in order. */
export interface Scenario {
  name: string;
  description: string;
  customerId: string;
  planner: 'llm' | 'offline';
  env?: Record<string, string>;
  turns: { customer: string; decision?: { decision: 'approve' | 'reject'; note: string | null } }[];
  model?: FakeReply[];
}

const plan = (value: ReturnType<typeof p.returnPlan>): FakeReply => ({ plan: { ask: null, ...value } });
/** A question as the model asks it: a kind and slots, worded by the domain's templates. */
const ask = (
  intent: Intent,
  kind: string,
  slots: { orderIds?: string[]; skus?: string[]; detail?: string } = {},
): FakeReply => ({
  plan: {
    intent,
    confidence: 0.9,
    steps: [],
    ask: {
      kind,
      slots: {
        intent,
        orderIds: slots.orderIds ?? null,
        skus: slots.skus ?? null,
        detail: slots.detail ?? null,
      },
    },
  },
});
const ret = (order: string, confidence = 0.95) =>
  p.returnPlan(order, { reason: "It doesn't fit", confidence });
const noConfirm = { KEEL_CONFIRM_WRITES: '0' };
const approve = { decision: 'approve' as const, note: 'approved in the recording' };
const reject = { decision: 'reject' as const, note: 'rejected in the recording' };
const address = {
  name: 'Liam Okafor',
  line1: '12 Oak Street',
  line2: null,
  city: 'Portland',
  postalCode: '97201',
  country: 'US',
};

function llm(
  name: string,
  description: string,
  customerId: string,
  turns: Scenario['turns'],
  model: FakeReply[],
  env: Record<string, string> = noConfirm,
): Scenario {
  return { name: `llm-${name}`, description, customerId, planner: 'llm', env, turns, model };
}

function offline(
  name: string,
  description: string,
  customerId: string,
  turns: Scenario['turns'],
  env: Record<string, string> = noConfirm,
): Scenario {
  return { name: `offline-${name}`, description, customerId, planner: 'offline', env, turns };
}

const say = (...texts: string[]) => texts.map((customer) => ({ customer }));
const cedar = {
  ...address,
  name: 'Jordan Blake',
  line1: '45 Cedar Road',
  city: 'Seattle',
  postalCode: '98109',
};
const swap1101 = { sku: 'SKU-TRAIL-9', newSku: 'SKU-TRAIL-10', quantity: null, paymentMethodId: null };

/** The retail desk (issue 11): one conversation per new action, both planners. */
const DESK: Scenario[] = [
  llm(
    'exchange-completes',
    'An exchange of a delivered line for another size: label for the old, shipment of the new',
    'C-1025',
    say("I'd like to swap the Trail Runners in ORD-1101 for size 10"),
    [plan(desk.exchangePlan('ORD-1101', swap1101, 0.95))],
  ),
  llm(
    'exchange-out-of-stock',
    'The size asked for is out of stock: the model asks, offering what is in stock',
    'C-1026',
    say('Can I exchange my Rain Shell from ORD-1103 for size L?'),
    [ask('exchange', 'which_variant', { orderIds: ['ORD-1103'] })],
  ),
  llm(
    'remove-item',
    'An item removed from an unshipped order, the difference paid back',
    'C-1025',
    say('Please remove the Weekender Bag from ORD-1102'),
    [plan(desk.changeItemsPlan('ORD-1102', [{ sku: 'SKU-BAG', newSku: null, quantity: null }], null, 0.95))],
  ),
  llm(
    'default-address',
    "The profile's default address, not an order's",
    'C-1025',
    say('Please change my default address to 45 Cedar Road, Seattle, WA 98109'),
    [plan(desk.defaultAddressPlan(cedar, 0.95))],
  ),
  llm(
    'order-details',
    'What the last order cost and how it was paid',
    'C-1025',
    say('How much did I pay for my last order?'),
    [plan(desk.orderDetailsPlan('ORD-1102', 0.95))],
  ),
  offline(
    'exchange-completes',
    'An exchange of a delivered line for another size',
    'C-1025',
    say("I'd like to swap the Trail Runners in ORD-1101 for size 10"),
  ),
  offline(
    'exchange-out-of-stock-then-xl',
    'Size L is out of stock: XL is offered and taken',
    'C-1026',
    say('exchange my Rain Shell from ORD-1103 for size L', 'ok the XL then'),
  ),
  offline(
    'exchange-fallback-return',
    'An exchange that cannot be done falls back to the return the customer asked for instead',
    'C-1026',
    say("Exchange ORD-1103 for a large; if you can't, just refund me"),
  ),
  offline(
    'remove-item',
    'An item removed from an unshipped order',
    'C-1025',
    say('take the bag off ORD-1102'),
  ),
  offline(
    'pay-gift-card',
    'A gift card pays what its balance covers',
    'C-1026',
    say('pay ORD-1106 with my gift card'),
  ),
  offline(
    'default-address',
    "The profile's default address, not an order's",
    'C-1025',
    say('update my default address to 45 Cedar Road, Seattle, WA 98109'),
  ),
  offline(
    'order-details',
    'What the last order cost and how',
    'C-1025',
    say('How much did I pay for my last order?'),
  ),
  offline(
    'product-info',
    'Sizes, prices and stock of a product',
    'C-1025',
    say('what sizes does the trail runner come in?'),
  ),
  offline(
    'return-dearer-one',
    'Only the more expensive of two items is returned',
    'C-1025',
    say('I want to return the more expensive item from ORD-1104'),
  ),
  offline(
    'one-order-fits',
    'No order named, one fits: used and named in the confirmation, then a yes',
    'C-1025',
    say('I want to cancel my order', 'yes please'),
    {},
  ),
];

export const SCENARIOS: Scenario[] = [
  llm(
    'return-completes',
    'A clear return: label, inventory, refund, email',
    'C-1001',
    say("I'd like to return order ORD-1001, it doesn't fit"),
    [plan(ret('ORD-1001'))],
  ),
  llm(
    'return-label-retries',
    'The label service fails twice; the step retries and completes',
    'C-1001',
    say('Please return ORD-1001'),
    [plan(ret('ORD-1001'))],
    { ...noConfirm, KEEL_SANDBOX_FAULTS: 'create_return_label:fail=2' },
  ),
  llm(
    'return-email-down',
    'Email is down: completed, degraded, the label in the reply',
    'C-1001',
    say('return ORD-1001'),
    [plan(ret('ORD-1001'))],
    { ...noConfirm, KEEL_SANDBOX_FAULTS: 'send_confirmation_email:fail=always' },
  ),
  llm(
    'return-refund-fails',
    'Refunds fail for good: label voided, inventory restored',
    'C-1001',
    say('return ORD-1001 please'),
    [plan(ret('ORD-1001'))],
    { ...noConfirm, KEEL_SANDBOX_FAULTS: 'schedule_refund:fail=always' },
  ),
  llm(
    'return-refund-timeout',
    'The refund call hangs past its timeout three times: compensated',
    'C-1001',
    say('return ORD-1001'),
    [plan(ret('ORD-1001'))],
    // Three 10 s step timeouts outlast the 20 s turn; a longer turn keeps the outcome in the reply.
    { ...noConfirm, KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=15000', KEEL_TURN_TIMEOUT_MS: '120000' },
  ),
  llm(
    'compensation-fails',
    'Refund fails and the label cannot be voided: a human is asked',
    'C-1001',
    [{ customer: 'return ORD-1001', decision: reject }],
    [plan(ret('ORD-1001'))],
    { ...noConfirm, KEEL_SANDBOX_FAULTS: 'schedule_refund:fail=always,void_return_label:fail=always' },
  ),
  llm(
    'late-return-approved',
    'A return after 90 days waits for a human; approve completes it',
    'C-1001',
    [{ customer: 'I want to return ORD-1002, it arrived damaged', decision: approve }],
    [plan(ret('ORD-1002'))],
  ),
  llm(
    'late-return-rejected',
    'A return after 90 days; reject ends it with nothing created',
    'C-1001',
    [{ customer: 'I want to return ORD-1002', decision: reject }],
    [plan(ret('ORD-1002'))],
  ),
  llm(
    'big-refund-approved',
    'A refund over 500.00 waits for approval; approve schedules it',
    'C-1003',
    [{ customer: 'return the watch, ORD-1006', decision: approve }],
    [plan(ret('ORD-1006'))],
  ),
  llm(
    'big-refund-rejected',
    'A refund over 500.00; reject voids the label and restores inventory',
    'C-1003',
    [{ customer: 'return ORD-1006', decision: reject }],
    [plan(ret('ORD-1006'))],
  ),
  llm(
    'final-sale',
    'A final-sale item cannot be returned: the question names it and leaves it out, the yes returns the rest',
    'C-1002',
    say('return ORD-1003', 'yes'),
    [plan(ret('ORD-1003')), { consent: 'yes' }],
    {},
  ),
  llm(
    'cancel-confirmed',
    'Cancel with confirmation: the agent states it, the customer agrees',
    'C-1002',
    say('please cancel ORD-1004', 'yes'),
    [plan(p.cancelPlan('ORD-1004', 'Ordered by mistake', 0.95)), { consent: 'yes' }],
    {},
  ),
  llm(
    'cancel-declined',
    'Cancel proposed, the customer says no: nothing changes',
    'C-1002',
    say('cancel ORD-1004', 'no, leave it'),
    [plan(p.cancelPlan('ORD-1004', 'Not needed', 0.95)), { consent: 'no' }],
    {},
  ),
  llm(
    'change-address',
    'A new shipping address for an unshipped order',
    'C-1002',
    say('ship ORD-1004 to 12 Oak Street, Portland 97201 instead'),
    [plan(p.changeAddressPlan('ORD-1004', address, 0.93))],
  ),
  llm('track', 'Tracking a shipment: carrier, number, expected date', 'C-1003', say('where is ORD-1005?'), [
    plan(p.trackPlan('ORD-1005', 0.97)),
  ]),
  llm('refund-status', 'No refund yet for an order', 'C-1001', say('where is my refund for ORD-1007?'), [
    plan(p.refundStatusPlan('ORD-1007', 0.95)),
  ]),
  llm('order-status', 'The status of an unshipped order', 'C-1002', say("what's the status of ORD-1004?"), [
    plan(p.orderStatusPlan('ORD-1004', 0.95)),
  ]),
  llm(
    'handoff-approved',
    'The customer asks for a person; staff takes it',
    'C-1001',
    [{ customer: 'let me talk to a real person', decision: approve }],
    [plan(p.handoffPlan('Customer asked for a person', 0.97))],
  ),
  llm(
    'out-of-scope',
    'A question outside the shop: a polite answer, no plan',
    'C-1001',
    say("what's the weather tomorrow?"),
    [ask('out_of_scope', 'scope')],
  ),
  llm(
    'clarify-then-return',
    'No order number: the model asks, the answer continues the return',
    'C-1001',
    say('I want to return something', 'ORD-1001'),
    [ask('return', 'which_order'), plan(ret('ORD-1001'))],
  ),
  llm(
    'repair-invalid-json',
    'The model writes broken JSON once and repairs it',
    'C-1001',
    say('return ORD-1001'),
    [{ raw: '{"intent":"return","steps":[' }, plan(ret('ORD-1001'))],
  ),
  llm(
    'repair-unknown-tool',
    'The model names a tool that does not exist, then repairs',
    'C-1001',
    say('return ORD-1001'),
    [
      { plan: { ...ret('ORD-1001'), ask: null, steps: [{ id: 'x', tool: 'refund_everything', args: {} }] } },
      plan(ret('ORD-1001')),
    ],
  ),
  llm(
    'repair-wrong-args',
    'The model gives a number for an order id, then repairs',
    'C-1001',
    say('return ORD-1001'),
    [
      {
        plan: {
          ...ret('ORD-1001'),
          ask: null,
          steps: [{ id: 'lookup', tool: 'lookup_order', args: { orderId: 1001 } }],
        },
      },
      plan(ret('ORD-1001')),
    ],
  ),
  llm(
    'repair-missing-step',
    'A label before the eligibility check fails validation, then repairs',
    'C-1001',
    say('return ORD-1001'),
    [
      { plan: { ...ret('ORD-1001'), ask: null, steps: ret('ORD-1001').steps.slice(2) } },
      plan(ret('ORD-1001')),
    ],
  ),
  llm(
    'repair-truncated',
    'A truncated answer (finish_reason length) is asked for again',
    'C-1001',
    say('return ORD-1001'),
    [
      { raw: '{"intent":"return","confidence":0.9,"steps":[{"id":"lookup"', finish: 'length' },
      plan(ret('ORD-1001')),
    ],
  ),
  llm(
    'repairs-exhausted',
    'Three invalid answers: the turn goes to a human',
    'C-1001',
    say('return ORD-1001'),
    [{ raw: 'not json' }, { raw: 'still not json' }, { raw: '{"nope":' }],
  ),
  llm(
    'refusal',
    'The model refuses: a person takes the turn',
    'C-1001',
    say('something the model will not plan'),
    [{ refusal: "I'm sorry, I can't help with that." }],
  ),
  llm(
    'rate-limited',
    'A 429 is retried by the client and the plan arrives',
    'C-1001',
    say('return ORD-1001'),
    [{ error: 429 }, plan(ret('ORD-1001'))],
  ),
  llm('server-errors', 'A 500 then a 503, then the plan', 'C-1003', say('where is ORD-1005'), [
    { error: 500 },
    { error: 503 },
    plan(p.trackPlan('ORD-1005', 0.95)),
  ]),
  llm(
    'outage-fallback',
    'The model is down past the retries: the offline planner answers',
    'C-1001',
    say("I'd like to return order ORD-1001, it doesn't fit"),
    [{ error: 503 }, { error: 503 }, { error: 503 }],
  ),
  llm(
    'cross-customer',
    "Another customer's order: validation sends it back and the model asks",
    'C-1002',
    say("I'd like to return order ORD-1001, it doesn't fit"),
    [plan(ret('ORD-1001')), ask('return', 'which_order')],
  ),
  llm(
    'low-confidence',
    'Token logprobs temper the confidence under the threshold: a human checks the plan',
    'C-1001',
    [{ customer: 'return 1001 maybe', decision: approve }],
    [{ plan: { ask: null, ...ret('ORD-1001', 0.9) }, intentProbability: 0.5 }],
  ),
  offline(
    'return',
    'The offline planner runs the return playbook',
    'C-1001',
    say("I'd like to return order ORD-1001, it doesn't fit"),
  ),
  offline(
    'cross-customer',
    "The offline planner asks instead of touching another customer's order",
    'C-1002',
    say("I'd like to return order ORD-1001, it doesn't fit"),
  ),
  offline(
    'clarify-then-track',
    'Asked which order (two of theirs could be on the way), the customer answers with a number',
    'C-1002',
    say('where is my package', 'ORD-1032'),
  ),
  offline(
    'hint-then-yes',
    'A hint is confirmed before anything is written',
    'C-1001',
    say("ORD-1001 doesn't fit", 'yes please'),
    {},
  ),
  offline(
    'money-demand',
    'A demand for money goes to a person',
    'C-1001',
    say('refund me $500 for ORD-1001 or I call my lawyer'),
  ),
  offline(
    'address-change',
    'An address change parsed from the message',
    'C-1002',
    say('please change the address for order #1004 to 12 Oak Street, Apt 4, Portland, OR 97201'),
  ),
  offline(
    'cancel-shipped',
    'A shipped order cannot be cancelled; the agent offers tracking',
    'C-1003',
    say('Please cancel ORD-1005'),
  ),
  ...DESK,
  ...CORRECTIONS,
  ...REQUESTS,
];
