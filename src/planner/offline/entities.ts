import type { Address, Order } from '../../tools/shop.js';

/**
 * Entity extraction for the offline planner: order numbers as customers write them, items of
 * their own order, return reasons and new addresses. Pure functions over the message text.
 */

const ORDER_FORMS = [
  // ORD-1001, ord1001, ORD 1001, ord_1001
  /\bord[\s_#-]*(\d{4,8})\b/gi,
  // order 1001, order #1001, order no. 1001, order number: 1001, ordr 1001, oder 1001
  /\b(?:order|ordr|oder|orden|commande)\s*(?:no\.?|nr\.?|num(?:ber)?\.?|id)?\s*[#:]?\s*(\d{4,8})\b/gi,
  // #1001
  /#\s?(\d{4,8})\b/g,
];

/** Every order number in the text, normalised to `ORD-1001`, in order of appearance. */
export function findOrderIds(text: string, options: { bareNumbers?: boolean } = {}): string[] {
  const found: { at: number; id: string }[] = [];
  const forms = options.bareNumbers ? [...ORDER_FORMS, /\b(\d{4,8})\b/g] : ORDER_FORMS;
  for (const form of forms) {
    for (const match of text.matchAll(form)) found.push({ at: match.index ?? 0, id: `ORD-${match[1]}` });
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.id))];
}

const STOP = new Set(['the', 'a', 'an', 'and', 'of', 'with', 'my', 'for']);
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !STOP.has(w));

/**
 * The SKUs of the order's items the customer named, or null for "the whole order". An item is
 * named when a distinctive word of its name appears (e.g. "scarf", or "blue" for the blue tee
 * when the order has a green one too).
 */
export function findItems(text: string, order: Order): string[] | null {
  const said = new Set(words(text));
  const counts = new Map<string, number>();
  for (const item of order.items)
    for (const w of new Set(words(item.name))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const named = order.items.filter((item) =>
    words(item.name).some((w) => said.has(w) && counts.get(w) === 1),
  );
  if (named.length === 0 || named.length === order.items.length) return null;
  return named.map((item) => item.sku);
}

const REASONS: [RegExp, string][] = [
  [
    /\b(doesn'?t|does not|didn'?t|dont|don'?t) fit|too (small|big|large|tight|loose|short|long)|wrong size/i,
    "It doesn't fit",
  ],
  [/\b(damaged|broken|torn|ripped|defective|faulty|stain(ed)?|hole)\b/i, 'Arrived damaged or defective'],
  [/\bwrong (item|colou?r|product|thing)|not what i ordered|sent me the wrong/i, 'Wrong item received'],
  [/\bchanged my mind|don'?t (need|like|want) (it|them)|not (needed|wanted)/i, 'Changed my mind'],
  [/\b(late|took too long|arrived too late)\b/i, 'Arrived too late'],
  [/\b(quality|cheap|looks different|not as (described|pictured))\b/i, 'Not as described'],
];

/** A short reason for a return: a known one when recognised, else the customer's own words. */
export function findReason(text: string): string {
  for (const [pattern, reason] of REASONS) if (pattern.test(text)) return reason;
  return text.trim().replace(/\s+/g, ' ').slice(0, 200) || 'No reason given';
}

const STREET =
  /(\d{1,6}[a-z]?\s+(?:(?!to\b)[a-z][a-z0-9.'-]*\s+){0,4}?(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|terrace|crescent|close|row|square|sq)\b\.?(?:\s*(?:west|east|north|south|w|e|n|s)\b)?)/i;
const UNIT = /^\s*,?\s*((?:apt|apartment|unit|suite|flat|#)\s*[\w-]+)/i;
const CITY_POSTAL =
  /^\s*,?\s*([a-z][a-z .'-]{1,40}?)\s*,?\s*(?:[a-z]{2}\s+)?(\d{5}(?:-\d{4})?|[a-z]\d[a-z]\s?\d[a-z]\d|[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})\b/i;

/**
 * A new shipping address in the message ("12 Oak Street, Apt 4, Portland, OR 97201"); name and
 * country come from the order's current address. Null unless street, city and postal code are
 * all there: a half-understood address is asked for again, never guessed.
 */
export function findAddress(message: string, current: Address): Address | null {
  // Order numbers would read as house numbers ("order 1004 to 12 Oak St").
  const text = message.replace(
    /\b(?:ord(?:er)?|ordr|oder)[\s_#:-]*(?:no\.?|nr\.?|num(?:ber)?\.?)?\s*[#:]?\s*\d{4,8}\b|#\s?\d{4,8}\b/gi,
    ' ',
  );
  const street = STREET.exec(text);
  if (!street?.[1]) return null;
  let rest = text.slice((street.index ?? 0) + street[0].length);
  const unit = UNIT.exec(rest);
  if (unit) rest = rest.slice(unit[0].length);
  const place = CITY_POSTAL.exec(rest);
  if (!place?.[1] || !place[2]) return null;
  const title = (s: string) => s.trim().replace(/\b\w/g, (c) => c.toUpperCase());
  return {
    name: current.name,
    line1: title(street[1].replace(/\s+/g, ' ')),
    line2: unit?.[1] ? title(unit[1]) : null,
    city: title(place[1]),
    postalCode: place[2].toUpperCase(),
    country: current.country,
  };
}
