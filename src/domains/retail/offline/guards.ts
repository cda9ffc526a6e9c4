/**
 * Messages the offline planner must not turn into a plan: demands for money beyond a normal
 * return, attempts to rewrite the rules, threats of legal action. They go to a person.
 */
const SUSPICIOUS: [RegExp, string][] = [
  [
    /\b(ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(instructions|rules|policy|policies|previous|above|checks?|limits?|verification)\b/i,
    'asks to set the rules aside',
  ],
  [
    /\bsystem prompt\b|^\W*(system|assistant|admin)\s*:|\bdeveloper mode\b|\bjailbreak\b|\byou are now\b|\bpretend (to be|you are)\b|\bact as\b|\bas (the|an?) (admin|administrator|manager|owner|developer|supervisor)\b|\bi authori[sz]e you\b|<\/?(user|assistant|system)>|\[(system|assistant|inst)\]|\bwithout (any )?checks\b|\bapprove all\b|\b(admin|administrator|override|master|staff) code\b|\bmark\b.{0,30}\bas (refunded|paid|returned|delivered|approved)\b/i,
    'tries to re-instruct the agent',
  ],
  [
    /\b(refund|pay|send|give|credit|transfer|wire|owe|plus|extra|additional)\b.{0,25}(\$|€|£)\s?\d|\bwant\b.{0,10}(\$|€|£)\s?\d|\b(refund|pay|credit|give|want|owe|plus)\b.{0,25}\b\d+(\.\d\d)?\s?(usd|eur|gbp|dollars?|euros?|bucks|pounds?)\b/i,
    'asks for a specific amount of money',
  ],
  [
    /\b(double|extra|bigger|larger|higher|additional|bonus|twice)\b.{0,20}\b(refund|money|credit|compensation)\b|\bmore than\b.{0,15}\b(paid|price)\b|\bcompensat(e|ion)\b|\bgoodwill\b|\bfor (my|the) (trouble|inconvenience|hassle)\b/i,
    "asks for more than the order's refund",
  ],
  [
    // A gift card, PayPal or card on the customer's own profile is read by the return rules.
    /\b(refund|money|credit)\b.{0,50}\b((different|another|other|new|friend'?s?|(wife|husband|partner|mom|dad|brother|sister)'?s?) (card|account|bank|visa|mastercard|paypal)|venmo|iban|bank account|crypto|bitcoin)\b/i,
    'wants the refund paid somewhere else',
  ],
  [
    /\b(keep (it|them|the \w+)|without (returning|sending)|(don'?t|do not) (want to |wanna )?(send|return) (it|them))\b.{0,50}\brefund\b|\brefund\b.{0,50}\b(without (returning|sending)|and (i'?ll )?keep)\b/i,
    'wants a refund without a return',
  ],
  [/\b(lawyer|attorney|sue|lawsuit|legal action|chargeback|small claims)\b/i, 'mentions legal action'],
];

/** Why a person should handle the message, or null. */
export function suspicion(text: string, customerId: string): string | null {
  for (const [pattern, reason] of SUSPICIOUS) if (pattern.test(text)) return reason;
  const accounts = text.match(/\bC-\d{4,8}\b/gi) ?? [];
  if (accounts.some((id) => id.toUpperCase() !== customerId)) return "names another customer's account";
  return null;
}

const RETRACTION =
  /\b(actually|wait)\b[\s,.!-]*(no|nope|never ?mind|forget (it|that)|scratch that|don'?t|keep it|leave it)\b|\bon second thoughts?\b|\bscratch that\b|\bnever ?mind\b|\bforget (it|that)\b/gi;

/** Where the customer takes back what they said before ("… actually no, keep it"), or -1. */
export function retractionEnd(text: string): number {
  let end = -1;
  for (const m of text.matchAll(RETRACTION)) end = m.index + m[0].length;
  return end;
}
