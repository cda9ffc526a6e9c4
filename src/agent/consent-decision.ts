import { type ConsentKind, readConsent } from '../planner/consent/consent.js';
import type { ConsentAnswer } from '../planner/consent-answer.js';

// Offline kinds that say the customer did not simply agree, whatever a model makes of the words. A
// question is among them (stricter than "no/hedge/correction/new_request"): it is answered and the
// action offered again, so a yes that came with a question costs one more "yes".
const AGAINST: ReadonlySet<ConsentKind> = new Set(['no', 'hedge', 'correction', 'new_request', 'question']);

/**
 * How an answer to a pending action is read. The offline reading alone, unless the active planner
 * classified it too (`model`); then:
 * - `yes` (the write runs) only if the model said yes to THIS pending action id and the offline
 *   reading finds no sign against it (it is not no, hedge, correction, new_request or question);
 * - a model's `no` is a no (dropping a write is always safe);
 * - a model's `other` is its kind (a question, a correction…), never a yes;
 * - no model answer, or one naming another pending action, leaves the offline reading to decide.
 * So a model can stop a write the offline reading would run, and can never run one it reads as
 * a refusal, a doubt, a change or another request.
 */
export function decideConsent(
  text: string,
  pendingActionId: string,
  model: ConsentAnswer | null,
): ConsentKind {
  const offline = readConsent(text).kind;
  if (!model || model.pendingActionId !== pendingActionId) return offline;
  if (model.consent === 'yes') return AGAINST.has(offline) ? offline : 'yes';
  if (model.consent === 'no') return 'no';
  return model.kind ?? 'other';
}
