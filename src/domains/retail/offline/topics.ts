/** What a message is about when it is not a request keel can act on. */

const POLICY =
  /\b(return|refund) policy\b|\bhow (many|long)\b.{0,20}\b(days?|weeks?|time)\b.{0,20}\b(return|refund)|\b(can|could) (i|you|we) (still )?return\b.{0,60}\?|\bis it (possible|too late) to return\b|\bdo you (accept|take|offer) (free )?returns\b|\bhow do (returns|refunds) work\b|\bhow (do|can) (i|we|one) (make a )?return\b/i;
const ASKS_TO_ACT = /\b(please|i want|i'?d like|i would like|let me|help me)\b.{0,20}\breturn\b/i;

/** "Can I still return it after 30 days?": a question about the rules, not a request to act. */
export function isPolicyQuestion(text: string): boolean {
  return POLICY.test(text) && !ASKS_TO_ACT.test(text);
}

const GREETING =
  /^\W*(hi|hello|hey|hiya|good (morning|afternoon|evening)|bonjour|hola|hallo)( there| team| all)?\W*$/i;
const THANKS =
  /^\W*(ok(ay)?|great|perfect|cool|fine)?\W*(thanks?|thank you|thx|ty|cheers)?( (so|very) much)?\W*(that'?s all|bye|goodbye)?\W*!*$/i;

/** A greeting or a thank-you with nothing else in it. */
export function smallTalk(text: string): 'greeting' | 'thanks' | null {
  if (GREETING.test(text)) return 'greeting';
  if (/\w/.test(text) && THANKS.test(text)) return 'thanks';
  return null;
}

/** The message is about an order, even if it is unclear what the customer wants done. */
export function aboutOrders(text: string): boolean {
  return /\b(order|ord|package|parcel|delivery|shipment|purchase|refund|item)s?\b/i.test(text);
}
