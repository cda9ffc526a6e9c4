import type { Disagreement } from '../../../planner/agreement.js';
import type { Plan } from '../../../planner/plan.js';
import { INTENT_WRITES, INTENTS, type Intent, WRITE_INTENTS } from '../intents.js';
import { VERBS } from '../offline/questions.js';
import { askPlan } from '../playbooks.js';

const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);

/**
 * The question for a model's write plan that the message does not read as asking for. It names
 * what the message reads as and ends on the change proposed, so a plain yes takes that up (the
 * offline reading reads a yes to "Would you like me to …?" as that request) and a no drops it.
 */
export function clarifyDisagreement(disagreement: Disagreement, plan: Plan): Plan {
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  const order = typeof orderId === 'string' ? orderId : 'your order';
  const proposed =
    WRITE_INTENTS.find((intent) =>
      disagreement.model.writes.every((w) => INTENT_WRITES[intent].includes(w)),
    ) ?? 'clarify';
  const read = disagreement.read.intent;
  const reads =
    disagreement.read.writes.length === 0 && !isIntent(read)
      ? 'your message does not ask me to change anything'
      : read === 'out_of_scope'
        ? 'your message reads as if you do not want anything changed'
        : `your message reads as if you want me to ${VERBS[isIntent(read) ? read : 'clarify']} ${order}`;
  const question = `I want to be sure before I change anything: ${reads}. Would you like me to ${VERBS[proposed]} ${order}?`;
  return askPlan('clarify', question, 0.9);
}
