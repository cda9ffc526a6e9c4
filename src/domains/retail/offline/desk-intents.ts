/** What desk request a message makes, if any; the older rules handle everything else. */
export type DeskIntent =
  | 'exchange'
  | 'remove'
  | 'swap'
  | 'payment'
  | 'default_address'
  | 'order_details'
  | 'profile'
  | 'product_info'
  | 'list_orders';

const EXCHANGE =
  /\b(exchange|exchanging|swap|swapping|trade)\b|\b(instead of)\b.{0,30}\b(size|\d{1,2}s?|small|medium|large|xl)\b|\b(size|in a|in an)\s+\w+\s+instead\b|\bget (them|it) in (a |an )?(size )?\w+ instead\b|\bsend me the .{0,40} in size\b|\bneed (a )?(bigger|smaller) size\b|\b(i need|i want|i'?d like) (size|the|a) \w+ (instead|rather)\b|\b(i'?d like|i want|i need) (a )?size \w+ for (my|the)\b|\bneed (it|them) in (size |a |an )?(xs|s|m|l|xl|xxl|small|medium|large|\d{1,2})\b|\bneed the .{0,30} in (size )?(xs|s|m|l|xl|xxl|small|medium|large|\d{1,2})\b/i;
const NOT_EXCHANGE =
  /\b(don'?t|do not|no longer|not) (want to |need to )?(exchange|swap)\b|\bexchange (rate|policy)\b|\bstatus of (my|the) exchange\b|\bthanks? (you )?for the exchange\b|\b(person|someone|human|agent) (to handle|about) (my |an )?exchange\b/i;
const CHANGE_LINE =
  /\b(change|switch|make|turn)\b.{0,40}\b(to|into|a|an)\b.{0,12}\b(size|small|medium|large|xl|xs|\d{1,2}|blue|green|red|black)\b|\b(change|switch)\b.{0,30}\b(size|colou?r)\b|\bcan (i|the) .{0,30}\bbe (a )?(size|small|medium|large|xl)\b|\bso it'?s one\b|\bin green instead\b|\binstead of blue\b/i;
const REMOVE =
  /\b(remove|removing|take (\w+ ){0,3}(off|out)|drop|delete)\b|\bonly want the\b.{0,40}\btake off\b|\bdon'?t need the\b.{0,30}\b(anymore|any more)\b.{0,30}\b(off|remove)\b/i;
const PAYMENT =
  /\b(pay|paying|charge|payment|switch)\b.{0,40}\b(with|to|on|using|by)\b.{0,25}\b(visa|mastercard|amex|card|paypal|gift ?card|bitcoin|crypto)\b|\b(change|switch|update)\b.{0,20}\bpayment( method)?\b|\buse my gift card\b/i;
// "use the gift card balance on ORD-1106", "could my gift card pay for my pending order?": paying with
// it, not asking what is left on it.
const GIFT_CARD_PAYS =
  /\b(use|using|apply|applying)\b.{0,20}\bgift ?card( balance)?\b.{0,30}\b(on|for|to pay|towards?)\b|\bgift ?card\b.{0,10}\bpay (for|off)\b/i;
const DEFAULT_ADDRESS =
  /(?<!\bnot (?:my |the )?)\b(default|profile|account'?s?|saved|home address for my account)\b.{0,25}\baddress\b|\baddress\b.{0,25}\b(on (my )?(account|profile|file)|saved on my account)\b|\b(update|change)\b.{0,10}\bmy (account|profile)\b|\bmy profile to have a new address\b/i;
const NOT_DEFAULT =
  /\b(don'?t|do not|not)\b.{0,10}\b(change )?(my |the )?default address\b|\bnot my default address\b/i;
const DETAILS =
  /\bhow much (did|was|were|do|have)\b.{0,40}\b(pay|paid|spend|spent|cost|order|it|ord|my|the)\b|\bwhat did i (pay|buy|get|order) (in|for|with)\b|\bwhat did .{0,30}\bcost\b|\bwhat(?:'s| is| was) in (my )?(order|ord|last order)\b|\bwhat was in my\b|\b(what|which|list|show)\b.{0,20}\bitems? (in|of|on)\b|\b(breakdown|total|prices?) (in|of|on|for)\b.{0,20}\b(ord|order|#|\d{4})|\bhow (did i pay|was .{0,20}paid)\b|\bwhich card did i use\b|\bpayment method (was )?used\b|\b(did i pay|paid) .{0,40}\b(with|using|by)\b|\bwhat (did )?i paid?\b|\bwhat was my last order\b|\blist the items\b|\bwhat was the total\b|\btotal (price )?of\b|\bgive me the total\b|\bhow much was (my|the|ord|order)\b|\bwhat'?s the total\b/i;
const PROFILE =
  /\bgift card balance\b|\b(left|balance) on my gift card\b|\bhow much is left on\b|\bpayment methods?\b.{0,25}\b(on file|saved|have)\b|\bwhat cards\b|\bwhat address do you have\b|\bwhat is my default address\b|\bwhich payment methods\b/i;
const PRODUCT =
  /\b(available|in stock|do you (have|sell)|what sizes|which sizes|sizes are there|what colou?rs|how much (is|are|does|do)\b(?!.{0,20}\b(left|i)\b)|price of the\b(?!.{0,30}\b(in|from) (ord|order|#))|tell me about|come in|still available|sell)\b/i;
const LIST =
  /\b(show|list|what|which|do i have|how many|any)\b.{0,25}\borders\b(?!\s+(ord|#|\d))|\border history\b|\bwhat did i order (last|this)\b|\bpast orders\b/i;

const FIT =
  /\b(too (small|big|large|tight|loose|short|long|narrow|wide)|(doesn'?t|don'?t|didn'?t|does not|do not) fit|runs? (small|large|big))\b/i;
// A size asked for: "I'd like a large", "can I get a 10?", "could I have them in size 10"; not "a
// 10% discount" or "a 10 dollar credit".
const SIZE_ASKED =
  /\b(i'?d like|i want|i need|can i (get|have)|could i (get|have)|may i have)\b[^.?!]{0,30}?\b(size \w+|an? (xs|xl|xxl|small|medium|large|\d{1,2}(\.5)?)\b(?![%$.,]?\d| ?%| ?(dollars?|usd|euros?|bucks))|(xs|xl|xxl|small|medium|large)\b|in \d{1,2}(\.5)?\b(?! ?(%|dollars?|usd|days?)))/i;

/**
 * The desk request the text makes, or null when it is one for the older rules (returns, cancels,
 * tracking, refunds, shipping addresses, people). Read in this order: money and changes first.
 */
export function deskIntent(text: string): DeskIntent | null {
  if (GIFT_CARD_PAYS.test(text) && !/\b(refund|return)\b/i.test(text)) return 'payment';
  if (PROFILE.test(text)) return 'profile';
  if (DEFAULT_ADDRESS.test(text) && !NOT_DEFAULT.test(text)) return 'default_address';
  // "did I pay for it with my gift card?" asks how it was paid; it changes nothing.
  if (DETAILS.test(text) && /^\W*(did|how|which|what|could you tell)\b/i.test(text)) return 'order_details';
  if (EXCHANGE.test(text) && !NOT_EXCHANGE.test(text)) return 'exchange';
  // "too small, I'd like a large": a size asked for after a fit complaint is an exchange, not a return.
  if (FIT.test(text) && SIZE_ASKED.test(text) && !/\b(return|refund|money back)\b/i.test(text))
    return 'exchange';
  if (PAYMENT.test(text) && !/\brefund\b/i.test(text)) return 'payment';
  if (REMOVE.test(text)) return 'remove';
  if (CHANGE_LINE.test(text) && !/\baddress\b/i.test(text)) return 'swap';
  if (DETAILS.test(text) && !/\b(refund|return)\b/i.test(text)) return 'order_details';
  if (LIST.test(text)) return 'list_orders';
  if (PRODUCT.test(text) && !/\b(return|refund|cancel|where|track)\b/i.test(text)) return 'product_info';
  return null;
}

/** "change my order", "can I modify my order": a change to an order without saying what. */
export const VAGUE_CHANGE =
  /\b(change|modify|edit|alter|amend)\b.{0,12}\b(my |the |an )?(order|ord)\b(?!.{0,20}\baddress)/i;
