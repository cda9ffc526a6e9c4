import * as desk from '../../src/domains/retail/desk-playbooks.js';
import * as p from '../../src/domains/retail/playbooks.js';
import type { FakeReply } from './fake-openai-server.js';
import type { Scenario } from './suite-scenarios.js';

// Answers to a pending action other than a plain yes or no (issue 11): a correction changes it and
// it is asked about again, "never mind" drops it, a digression is answered and it is offered again.
// Every scenario runs with confirmations on (env {}), as the customer-facing service always does,
// so nothing writes without the customer's yes. Kept apart from suite-scenarios.ts, whose helpers
// it repeats in small, so the two files can grow without touching each other.

const plan = (value: ReturnType<typeof p.returnPlan>): FakeReply => ({ plan: { ask: null, ...value } });
/** The model's reading of an answer to the pending action the prompt names. */
const consent = (answer: 'yes' | 'no' | 'other', kind: string | null = null): FakeReply => ({
  consent: answer,
  kind,
});
const say = (...texts: string[]) => texts.map((customer) => ({ customer }));

function llm(
  name: string,
  description: string,
  customerId: string,
  turns: string[],
  model: FakeReply[],
): Scenario {
  return {
    name: `llm-${name}`,
    description,
    customerId,
    planner: 'llm',
    env: {},
    turns: say(...turns),
    model,
  };
}

function offline(name: string, description: string, customerId: string, turns: string[]): Scenario {
  return {
    name: `offline-${name}`,
    description,
    customerId,
    planner: 'offline',
    env: {},
    turns: say(...turns),
  };
}

const doesNotFit = (order: string) => p.returnPlan(order, { reason: "It doesn't fit", confidence: 0.95 });
const trailRunners = (newSku: string) =>
  desk.exchangePlan('ORD-1101', { sku: 'SKU-TRAIL-9', newSku, quantity: null, paymentMethodId: null }, 0.95);

export const CORRECTIONS: Scenario[] = [
  offline(
    'correction-other-order',
    'A return of ORD-1101 is corrected to "the other order" (ORD-1104, the only other that fits), asked again, and the yes returns ORD-1104 alone',
    'C-1025',
    ["I'd like to return ORD-1101, it doesn't fit", 'no, I meant the other order', 'yes'],
  ),
  offline(
    'correction-size',
    'An exchange of the Trail Runners in ORD-1101 for size 10 is corrected to size 8, asked again, and the yes ships size 8',
    'C-1025',
    ["I'd like to swap the Trail Runners in ORD-1101 for size 10", 'actually size 8', 'yes'],
  ),
  offline(
    'correction-out-of-stock',
    'A pending exchange corrected to a size that is out of stock: the nearest one is offered and taken',
    'C-1026',
    ['exchange my Rain Shell from ORD-1103 for size S', 'actually size L', 'ok the XL then', 'yes'],
  ),
  offline('never-mind', 'A pending return is dropped on "never mind": nothing runs', 'C-1001', [
    "I'd like to return ORD-1001, it doesn't fit",
    'never mind',
  ]),
  offline(
    'digression-then-yes',
    'While an exchange waits, the status of another order is answered and the exchange offered again; the yes runs it',
    'C-1025',
    ["I'd like to swap the Trail Runners in ORD-1101 for size 10", "what's the status of ORD-1102?", 'yes'],
  ),
  llm(
    'correction-other-order',
    'A return of ORD-1101 is corrected to "the other order": the model plans ORD-1104, which is asked again, and the yes returns it alone',
    'C-1025',
    ["I'd like to return ORD-1101, it doesn't fit", 'no, I meant the other order', 'yes'],
    [
      plan(doesNotFit('ORD-1101')),
      consent('other', 'correction'),
      plan(doesNotFit('ORD-1104')),
      consent('yes'),
    ],
  ),
  llm(
    'correction-size',
    'An exchange for size 10 is corrected to size 8: the model plans size 8, asked again, and the yes ships it',
    'C-1025',
    ["I'd like to swap the Trail Runners in ORD-1101 for size 10", 'actually size 8', 'yes'],
    [
      plan(trailRunners('SKU-TRAIL-10')),
      consent('other', 'correction'),
      plan(trailRunners('SKU-TRAIL-8')),
      consent('yes'),
    ],
  ),
  llm(
    'never-mind',
    'A pending return is dropped on "never mind": nothing runs',
    'C-1001',
    ["I'd like to return ORD-1001, it doesn't fit", 'never mind'],
    [plan(doesNotFit('ORD-1001')), consent('no')],
  ),
  llm(
    'digression-then-yes',
    'While an exchange waits, the model answers the status of another order and the exchange is offered again; the yes runs it',
    'C-1025',
    ["I'd like to swap the Trail Runners in ORD-1101 for size 10", "what's the status of ORD-1102?", 'yes'],
    [
      plan(trailRunners('SKU-TRAIL-10')),
      consent('other', 'question'),
      plan(p.orderStatusPlan('ORD-1102', 0.95)),
      consent('yes'),
    ],
  ),
];
