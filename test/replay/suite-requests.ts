import * as p from '../../src/domains/retail/playbooks.js';
import type { Scenario } from './suite-scenarios.js';

// Messages that hold several requests: each is planned on its own and a write asked about on its
// own, one after another in the same conversation (with confirmation on, as in production).
const say = (...texts: string[]) => texts.map((customer) => ({ customer }));
const confirm = {};

function offline(name: string, description: string, customerId: string, turns: Scenario['turns']): Scenario {
  return { name: `offline-${name}`, description, customerId, planner: 'offline', env: confirm, turns };
}

/** Multi-request conversations, both planners. */
export const REQUESTS: Scenario[] = [
  offline(
    'two-requests',
    'Two requests in one message: the cancel is asked about and done, then the return',
    'C-1002',
    say('cancel ORD-1004 and return ORD-1003', 'yes', 'yes'),
  ),
  offline(
    'two-requests-first-declined',
    'A no to the first request of two drops it and goes on to the second',
    'C-1002',
    say('cancel ORD-1004 and return ORD-1003', 'no', 'yes'),
  ),
  offline(
    'read-then-write',
    'A question and a change in one message: the question is answered, the change asked about',
    'C-1002',
    say('where is ORD-1032 and also cancel ORD-1004', 'yes'),
  ),
  offline(
    'question-then-next',
    'The first request needs an order number; once it is done, the second is asked about',
    'C-1002',
    say('return my stuff and cancel ORD-1004', 'ORD-1008', 'yes', 'yes'),
  ),
  offline(
    'fallback-kept',
    '"If that\'s not possible, …" is a fallback of the one request, not a second request',
    'C-1025',
    say("Please cancel ORD-1102. If that's not possible, just remove the bag", 'yes'),
  ),
  {
    name: 'llm-two-requests',
    description: 'The model plans each request of the message in turn, each confirmed on its own',
    customerId: 'C-1002',
    planner: 'llm',
    env: confirm,
    turns: say('cancel ORD-1004 and return ORD-1003', 'yes', 'yes'),
    model: [
      { plan: { ask: null, ...p.cancelPlan('ORD-1004', 'Not needed', 0.95) } },
      { consent: 'yes' },
      { plan: { ask: null, ...p.returnPlan('ORD-1003', { reason: 'Not needed', confidence: 0.95 }) } },
      { consent: 'yes' },
    ],
  },
];
