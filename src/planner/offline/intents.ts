import type { Intent } from '../planner.js';

/** An intent the rules recognised, how strongly, and the words that made them think so. */
export interface IntentMatch {
  intent: Intent;
  /** 1 for an explicit request ("return", "cancel"), lower for a hint ("doesn't fit"). */
  strength: number;
  evidence: string;
}

type Rule = [Intent, number, RegExp];

const ORDER = String.raw`(?:order|ord)`;
const PEOPLE = String.raw`(?:human|person|people|agent|representative|rep|manager|supervisor|someone|operator)`;

/** The strongest match per intent wins. */
const RULES: Rule[] = [
  ['human', 1, new RegExp(String.raw`\b(speak|talk|chat|connect)\b.{0,25}\b${PEOPLE}\b`, 'i')],
  [
    'human',
    1,
    /\b(get|give|want|need|put) (me )?(through to )?(a |an |the |your )?(manager|supervisor|human|real person|representative)\b/i,
  ],
  [
    'human',
    1,
    /\b(real|live|actual) (person|human|agent)\b|\bhuman please\b|\bescalate\b|\b(member of (your )?staff|someone from your team)\b.{0,20}\b(call|contact|help|ring)\b/i,
  ],
  [
    'refund_status',
    1,
    /\b(where|status|when|what happened|waiting)\b.{0,30}\brefund\b|\brefund\b.{0,30}\b(yet|status|arrived|received|processed|come through|show up)\b/i,
  ],
  [
    'refund_status',
    1,
    /\b(haven'?t|have not|didn'?t|did not|still not|never) (got|gotten|received|seen)\b.{0,20}\b(refund|money)\b|\b(still )?no (money|refund)\b/i,
  ],
  [
    'change_address',
    1,
    /\b(change|update|correct|fix|edit|modify)\b.{0,30}\baddress\b|\baddress\b.{0,20}\b(wrong|incorrect|changed|outdated)\b/i,
  ],
  [
    'change_address',
    0.9,
    /\b(ship|send|deliver) (it|them|the order|my order)? ?to (a |my )?(new|different|another) (address|place)\b|\bnew address\b|\bi (have )?moved\b/i,
  ],
  ['cancel', 1, /\bcancel+(ing|led|ation)?\b/i],
  [
    'cancel',
    0.85,
    new RegExp(
      String.raw`\b(don'?t|do not|no longer) (want|need) (the |this |my )?${ORDER}\b|\bstop (the|my|this) ${ORDER}\b`,
      'i',
    ),
  ],
  [
    'track',
    1,
    new RegExp(
      String.raw`\btrack(ing)?\b|\bwhere\b.{0,30}\b(package|parcel|${ORDER}|delivery|stuff|shipment|box|items?|purchase|things?)\b|\bwhere('?s| is)\s+(#|it\b)`,
      'i',
    ),
  ],
  [
    'track',
    0.9,
    /\bwhen\b.{0,30}\b(arrive|get here|be delivered|come|show up|ship)\b|\b(going to|gonna|will (it|they)) (arrive|get here|be delivered)\b|\bhasn'?t (arrived|come|shown up)\b|\bnever (came|arrived|showed up)\b|\bon (its|the) way\b|\bnot (arrived|here) yet\b|\b(delivery|shipping) (status|update)\b/i,
  ],
  [
    'return',
    1,
    // "returned" tells what happened before; it is not a request for a new return.
    /\b(return(s|ing)?|retrun|retun|reutrn|retrn)\b|\bsend(ing)? (it |them |this |these |the \w+ )?back\b|\bgive (it |them |\w+ )?back\b/i,
  ],
  [
    'return',
    0.7,
    /\b(doesn'?t|does not|didn'?t) fit\b|\btoo (small|big|large|tight)\b|\b(arrived|came) (damaged|broken)\b|\bwrong size\b/i,
  ],
  [
    'order_status',
    1,
    new RegExp(
      String.raw`\b(status|update|news) (of|on|about|for)\b.{0,20}\b${ORDER}\b|\b${ORDER}\b.{0,20}\bstatus\b|\bhas (my )?${ORDER}( \S+)? (shipped|been shipped|gone out)\b|\bwhat(?:'s| is) happening with\b|\bwhat(?:'s| is)\b.{0,25}\b(on|of|for) (my )?${ORDER}\b`,
      'i',
    ),
  ],
];

/** "I don't want to cancel": an intent named only to rule it out. */
const NEGATED: [Intent, RegExp][] = [
  [
    'cancel',
    /\b(don'?t|do not|not|never|no need to|no)\b\s+(want\s+to\s+|wanna\s+|trying\s+to\s+|going\s+to\s+)?cancel/i,
  ],
  [
    'return',
    /\b(don'?t|do not|not|never|no need to)\b\s+(want\s+to\s+|wanna\s+|trying\s+to\s+|going\s+to\s+)?return/i,
  ],
];

/** "I think I might return it": a change the customer has not decided on. */
const HEDGE =
  /\b(not sure|unsure|maybe|might|thinking (about|of)|i think i (want|need|will)|considering|perhaps|possibly|not decided)\b/i;

/** Every intent the text asks for, strongest first. */
export function matchIntents(text: string): IntentMatch[] {
  const best = new Map<Intent, IntentMatch>();
  for (const [intent, strength, pattern] of RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    if ((best.get(intent)?.strength ?? 0) < strength)
      best.set(intent, { intent, strength, evidence: match[0] });
  }
  for (const [intent, pattern] of NEGATED) if (pattern.test(text)) best.delete(intent);
  resolveOverlaps(best, text);
  if (HEDGE.test(text)) for (const m of best.values()) m.strength = Math.min(m.strength, 0.7);
  const matches = [...best.values()].sort((a, b) => b.strength - a.strength);
  // A clear request outweighs hints at others ("cancel ORD-1004, wrong size ordered").
  return matches[0]?.strength === 1 ? matches.filter((m) => m.strength === 1) : matches;
}

/** Words one intent uses in passing that would otherwise raise another. */
function resolveOverlaps(best: Map<Intent, IntentMatch>, text: string): void {
  if (best.has('refund_status')) {
    best.delete('track');
    // "my refund for the items I returned" is about the refund, not a new return.
    if (/\breturned\b|\brefund\b.{0,40}\breturn/i.test(text)) best.delete('return');
  }
  if (best.has('track') || best.has('change_address')) best.delete('order_status');
}
