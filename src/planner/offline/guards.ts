/**
 * Messages the offline planner must not turn into a plan: requests for money beyond a normal
 * return, someone else's order, attempts to rewrite the rules. They go to a person.
 */
const SUSPICIOUS: [RegExp, string][] = [
  [
    /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions|rules|policy|policies|previous|above|checks?|limits?)\b/i,
    'asks to set the rules aside',
  ],
  [
    /\b(system prompt|developer mode|jailbreak|you are now|pretend (to be|you are)|act as (an? )?(admin|administrator|manager))\b/i,
    'tries to re-instruct the agent',
  ],
  [
    /\b(refund|pay|send|give|credit|transfer|wire)\b.{0,25}(\$|€|£)\s?\d|\b(refund|pay|credit)\b.{0,25}\b\d+(\.\d\d)?\s?(usd|eur|gbp|dollars?|euros?|bucks)\b/i,
    'asks for a specific amount of money',
  ],
  [
    /\b(double|extra|bigger|larger|higher|additional|bonus|twice)\b.{0,20}\b(refund|money|credit|compensation)\b|\bmore than\b.{0,15}\b(paid|price)\b/i,
    "asks for more than the order's refund",
  ],
  [
    /\b(refund|money|credit)\b.{0,50}\b(different|another|other|new|friend'?s?|my (wife|husband|partner)'?s?)\b.{0,12}\b(card|account|bank|paypal|iban)\b/i,
    'wants the refund paid somewhere else',
  ],
  [
    /\b(keep (it|them|the \w+)|without (returning|sending))\b.{0,50}\brefund\b|\brefund\b.{0,50}\bwithout (returning|sending)\b/i,
    'wants a refund without a return',
  ],
  [
    /\b(my (friend|wife|husband|partner|sister|brother|neighbou?r|mom|mum|dad|colleague|boss)'?s?|someone else'?s|another customer'?s?|other customer'?s?)\b.{0,25}\b(order|account|package|refund)\b/i,
    "asks about someone else's order",
  ],
  [/\b(lawyer|attorney|sue|lawsuit|legal action|chargeback|small claims)\b/i, 'mentions legal action'],
];

/** Why a person should handle the message, or null. */
export function suspicion(text: string): string | null {
  for (const [pattern, reason] of SUSPICIOUS) if (pattern.test(text)) return reason;
  return null;
}

/** "Can I still return it after 30 days?": a question about the rules, not a request to act. */
export function isPolicyQuestion(text: string): boolean {
  return (
    /\b(return|refund) policy\b|\bhow (many|long)\b.{0,20}\b(days?|weeks?|time)\b.{0,20}\b(return|refund)|\b(can|could) (i|you|we) (still )?return\b.{0,60}\?|\bis it (possible|too late) to return\b|\bdo you (accept|take) returns\b/i.test(
      text,
    ) && !/\b(please|i want|i'?d like|i would like|let me|help me)\b.{0,20}\breturn\b/i.test(text)
  );
}

/** "yes", "ok go ahead": agreement to what the agent just proposed. */
export function isAffirmative(text: string): boolean {
  return /^\s*(yes|yeah|yep|yup|sure|ok(ay)?|please do|go ahead|do it|correct|right|that'?s (right|it|correct)|please)\b/i.test(
    text,
  );
}

/** "no thanks": the customer declines what the agent proposed. */
export function isNegative(text: string): boolean {
  return /^\s*(no|nope|nah|not now|no thanks?|never ?mind|forget it|cancel that)\b/i.test(text);
}
