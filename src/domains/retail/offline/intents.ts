import type { Intent } from '../intents.js';

/** An intent the rules recognised, how strongly, and the words that made them think so. */
export interface IntentMatch {
  intent: Intent;
  /** 1 for an explicit request ("return", "cancel"), lower for a hint ("doesn't fit"). */
  strength: number;
  /** The matched phrases, strongest first. */
  evidence: string[];
  /** Where the first matched phrase starts in the text. */
  at: number;
}

type Rule = [Intent, number, RegExp];

const ORDER = '(?:order|ord|package|parcel|purchase|shipment|delivery)';
const PEOPLE =
  '(?:human|person|people|agent|representative|rep|manager|supervisor|someone|somebody|operator|staff|customer service)';

/** Phrases per intent with their strength; every match is kept as evidence. */
const RULES: Rule[] = [
  [
    'human',
    1,
    new RegExp(String.raw`\b(speak|talk|chat|connect|transfer|put me through)\b.{0,25}\b${PEOPLE}\b`, 'i'),
  ],
  [
    'human',
    1,
    /\b(get|give|want|need|put) (me )?(through to )?(a |an |the |your )?(manager|supervisor|human|real person|representative|operator)\b|\b(real|live|actual) (person|human|agent|people)\b|\bnot a bot\b|\bescalate\b|\b(an?|the|some) (human|real person|person|manager) (look|check|review|help|handle|deal)\b/i,
  ],
  [
    'human',
    1,
    /^\W*(an? )?(agent|human|operator|representative|person)\W*$|\bhuman,? please\b|\bcall ?back\b|\b(call|ring|phone) me\b/i,
  ],
  [
    'refund_status',
    1,
    /\b(where|status|when|what happened|waiting|checking|check on|news|updates?)\b.{0,40}\b(refund|money back|my money)\b|\brefund\b.{0,60}\b(yet|status|arrived|received|processed|come through|go(ne)? through|show(n)? up|landed|issued)\b/i,
  ],
  [
    'refund_status',
    1,
    /\b(haven'?t|have not|didn'?t|did not|still not|never) (got|gotten|received|seen)\b.{0,25}\b(refund|money)\b|\b(still )?no (money|refund)\b|\bwhen will i (see|get|receive)\b.{0,20}\b(money|refund)\b/i,
  ],
  [
    'change_address',
    1,
    /\b(change|update|correct|fix|edit|modify|amend)\b.{0,40}\baddress\b|\baddress\b.{0,20}\b(is wrong|wrong|incorrect|outdated)\b|\bredirect\b|\bnew address is\b|\b(change|update) where\b/i,
  ],
  [
    'change_address',
    0.9,
    /\b(ship|send|deliver|forward)\b(?!.{0,12}\bback\b).{0,40}\bto (\d|(a |my )?(new|different|another) (address|place)|my (office|work|home|parents'?)\b)|\bnew address\b/i,
  ],
  ['change_address', 0.8, /\bi (have |'ve |just )?moved\b|\bi'?m moving\b/i],
  // "cancelled" says what state an order is in, so it only counts after a verb of wanting.
  [
    'cancel',
    1,
    /\b(cancel|cancell?ing|cancellation|cancl|cancle|canel|cansel|annuler|cancelar|stornieren)\b/i,
  ],
  ['cancel', 1, /\b(want|need|like|get|have)\b.{0,30}\bcancell?ed\b/i],
  [
    'cancel',
    0.85,
    /\b(don'?t|do not|no longer) (want|need|require) (the |this |my )?order\b|\bstop (the|my|this) order\b/i,
  ],
  [
    'track',
    1,
    new RegExp(
      String.raw`\btrack(ing)?\b|(?<!\b(change|update|fix|correct)\s+)\bwhere\b.{0,30}\b(${ORDER}|stuff|box|items?|things?|it|they|them|my)\b|\beta\b|\bwhere\s*\?|\b(wo ist|où est|d[oó]nde est[aá])\b`,
      'i',
    ),
  ],
  [
    'track',
    0.9,
    /\bwhen\b.{0,30}\b(arrive|arriving|get here|be delivered|come|coming|show up|ship|ships|shipped|dispatched)\b|\b(going to|gonna|will (it|they)) (arrive|get here|be delivered)\b|\b(hasn'?t|has not|haven'?t|have not|isn'?t|is not|still not|not) (arrived|come|shown up|here)\b|\bnever (came|arrived|showed up)\b|\bon (its|the) way\b|\b(delivery|shipping) (status|update)\b/i,
  ],
  [
    'return',
    1,
    // "returned" tells what happened before; it is not a request for a new return.
    /\b(return|returns|returning|retrun|retun|reutrn|retrn|retourner|devolver|zur[uü]ckschicken)\b|\bsend(ing)? (\w+ ){0,3}back\b|\bgive (\w+ ){0,2}back\b|\b(get|ship|mail|post) (\w+ ){0,3}back to (you|the (shop|store|warehouse))\b/i,
  ],
  [
    'return',
    0.7,
    /\b(doesn'?t|does not|didn'?t|don'?t) fit\b|\btoo (small|big|large|tight|loose)\b|\b(arrived|came|is|are|was|were) (damaged|broken|defective|torn|ripped|faulty)\b|\bstopped working\b|\bfell apart\b|\bwrong size\b|\breturnable\b|\b(refund (me|my order|this|it|the order)|(want|get) (a |my )?(full )?refund|(want|need) my money back)\b/i,
  ],
  [
    'order_status',
    1,
    new RegExp(
      String.raw`\b(status|updates?|news) (of|on|about|for)\b.{0,20}(\b${ORDER}\b|#|\b\d{4,8}\b)|\b${ORDER}\b.{0,20}\bstatus\b|\bstatus\b\W{0,3}(ord|#)|\bhas\b.{0,30}\b(shipped|been shipped|gone out|been sent|been dispatched)\b|\bwhat(?:'s| is) happening with\b|\bwhat(?:'s| is)\b.{0,25}\b(on|of|for|with) (my )?${ORDER}\b|\bwhat did i (buy|order|get)\b|\bstill (active|valid|going ahead)\b|\b(went|gone|go) through\b|\b(real|valid) order\b|\bwho (ordered|placed|bought)\b|\bwhy (is|was|does) (it|my order|the order|this order|ord)\b.{0,20}\b(showing|shown|marked|listed|says?)\b|\b(check|look up|lookup|look into)\b.{0,25}\b${ORDER}\b`,
      'i',
    ),
  ],
];

const NOT = String.raw`\b(?:don'?t|do not|didn'?t|did not|won'?t|will not|not|never|no need to|no)\s+`;
const WANT = String.raw`(?:(?:want|wanna|trying|going|planning|need|asked|meant|tried|wish)\s+(?:to\s+)?)?`;
// "I want to keep it" rules out both giving it back and calling it off.
const KEEP = String.raw`(?<!(?:don'?t|not)\s+)\b(?:want|going|like|prefer|decided|rather) to keep (?:it|them|the order|my order)\b|\bi'?ll keep (?:it|them|the order)\b`;
/** "I don't want to cancel", "I was going to cancel": an intent named only to rule it out. */
const NEGATED: [Intent, RegExp][] = [
  [
    'cancel',
    new RegExp(
      String.raw`${NOT}${WANT}cancel|\b(was|were) (going|about|planning) to cancel|\bthought about cancel|${KEEP}`,
      'i',
    ),
  ],
  ['return', new RegExp(`${NOT}${WANT}(return|send (it|them) back)|${KEEP}`, 'i')],
  [
    'change_address',
    new RegExp(`${NOT}${WANT}(change|update) (the |my )?(shipping |delivery )?address`, 'i'),
  ],
];

/** Nouns that name something already under way ("the return label"), not a new request. */
const MASKS: Partial<Record<Intent, RegExp>> = {
  return:
    /\b(my|the|your|this|that) returns? (label|status|number|request|package|parcel|shipment|was|is|has|went)\b|\b(my|the) return for\b/gi,
  cancel: /\bcancell?ation (policy|fee|terms)\b/gi,
};

/** "I think I might return it", "what happens if I cancel?": a change the customer has not decided on. */
const HEDGE =
  /\b(not sure|unsure|maybe|might|thinking (about|of)|i think i (want|need|will)|considering|perhaps|possibly|not decided|should i|i should|do you think|wondering (if|whether) (i|we))\b|\bor (wait|not)\b|\bwhat (happens|if)\b|\bif (i|we) (return|cancel|send|change)\b|\bhow much (will|would|do|does)\b/i;

/** Every intent the text asks for, strongest first; only clear requests when there is one. */
export function matchIntents(text: string): IntentMatch[] {
  const best = new Map<Intent, IntentMatch>();
  for (const [intent, strength, pattern] of RULES) {
    const mask = MASKS[intent];
    const match = pattern.exec(mask ? text.replace(mask, (m) => ' '.repeat(m.length)) : text);
    if (!match) continue;
    const known = best.get(intent);
    if (!known) best.set(intent, { intent, strength, evidence: [match[0].trim()], at: match.index });
    else {
      known.evidence.push(match[0].trim());
      known.strength = Math.max(known.strength, strength);
      known.at = Math.min(known.at, match.index);
    }
  }
  for (const [intent, pattern] of NEGATED) if (pattern.test(text)) best.delete(intent);
  resolveOverlaps(best, text);
  if (HEDGE.test(text)) for (const m of best.values()) m.strength = Math.min(m.strength, 0.7);
  const matches = [...best.values()].sort((a, b) => b.strength - a.strength || a.at - b.at);
  // A clear request outweighs hints at others ("cancel ORD-1004, wrong size ordered").
  return matches[0]?.strength === 1 ? matches.filter((m) => m.strength === 1) : matches;
}

/** Words one intent uses in passing that would otherwise raise another. */
function resolveOverlaps(best: Map<Intent, IntentMatch>, text: string): void {
  if (best.has('refund_status')) {
    best.delete('track');
    // "my refund for the items I returned" is about the refund, not a new return.
    if (/\breturned\b|\bsent (it |them )?back\b|\brefund\b.{0,40}\breturn/i.test(text)) best.delete('return');
    const hint = best.get('return');
    if (hint && hint.strength < 1) best.delete('return');
  }
  if (best.has('track') || best.has('change_address') || best.has('refund_status'))
    best.delete('order_status');
}
