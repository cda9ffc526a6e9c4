import type { Disagreement } from '../../../planner/agreement.js';
import type { Plan } from '../../../planner/plan.js';
import { INTENT_WRITES, INTENTS, type Intent, WRITE_INTENTS } from '../intents.js';
import { askPlan } from '../playbooks.js';

const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);

/**
 * The question for a model's write plan that the message does not read as asking for. It names
 * what the message reads as and ends on the change proposed, so a plain yes takes that up (the
 * offline reading reads a yes to "Would you like me to …?" as that request) and a no drops it.
 */
export function clarifyDisagreement(disagreement: Disagreement, plan: Plan): Plan {
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  const order = typeof orderId === 'string' ? orderId : null;
  const proposed =
    WRITE_INTENTS.find((intent) =>
      disagreement.model.writes.every((w) => INTENT_WRITES[intent].includes(w)),
    ) ?? 'clarify';
  const read = disagreement.read.intent;
  const reads =
    disagreement.read.writes.length === 0 && !isIntent(read)
      ? 'nothing'
      : read === 'out_of_scope'
        ? 'no_change'
        : 'intent';
  const question = {
    kind: 'clarify_intent',
    slots: { intent: proposed, orderId: order, reads, read: isIntent(read) ? read : null },
  };
  return askPlan('clarify', question, 0.9);
}
