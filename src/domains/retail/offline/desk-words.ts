import type { Variant } from '../catalog.js';
import type { PaymentMethod } from '../payments.js';

/** Option values a customer may name for a variant, in the order they wrote them. */
export interface OptionWords {
  sizes: string[];
  colours: string[];
}

const SIZE_WORDS: Record<string, string> = {
  'extra small': 'XS',
  'extra large': 'XL',
  'x-large': 'XL',
  xxl: 'XXL',
  xl: 'XL',
  xs: 'XS',
  small: 'S',
  medium: 'M',
  large: 'L',
  s: 'S',
  m: 'M',
  l: 'L',
};
const COLOURS = ['blue', 'green', 'red', 'black', 'white', 'grey', 'gray', 'navy', 'pink', 'yellow', 'brown'];

// "size 10", "a 10", "10s", "an XL", "in large", "for the XL", "a medium".
const SIZE =
  /\bsize\s+(\d{1,2}(?:\.5)?|xxl|xl|xs|s|m|l|small|medium|large|extra large)\b|\b(?:a|an|the|in|for|to|into|get|want|need)\s+(?:size\s+)?(\d{1,2}(?:\.5)?|xxl|xl|xs|small|medium|large|extra large|x-large|[sml])(?:'?s)?\b(?!\s*(?:of|pack|packs|days?|items?|orders?|pairs?|%))|\b(\d{1,2})s\b|\b(xxl|xl|extra large|x-large)\b/gi;

const canonical = (raw: string) => SIZE_WORDS[raw.toLowerCase()] ?? raw.toUpperCase();

/** Sizes and colours named in the text, each once, in order of appearance. */
export function optionWords(text: string): OptionWords {
  const sizes: string[] = [];
  for (const m of text.matchAll(SIZE)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!raw) continue;
    // "a 2-pack", "an order", "the 3 socks": numbers that count things are not sizes.
    const after = text.slice(m.index + m[0].length);
    if (/^\d+$/.test(raw) && /^\s*(of|packs?|pairs?|socks|tees|items|bags?)\b/i.test(after)) continue;
    const size = canonical(raw);
    if (!sizes.includes(size)) sizes.push(size);
  }
  const colours = COLOURS.filter((c) => new RegExp(`\\b${c}\\b`, 'i').test(text)).map(
    (c) => c[0]?.toUpperCase() + c.slice(1),
  );
  return { sizes, colours };
}

/** Words that ask for a relative change ("a bigger size") without saying which. */
export const RELATIVE =
  /\b(bigger|smaller|larger|different|another|other) (size|colou?r|one|model)\b|\bsize (up|down)\b|\bhalf (a )?size\b/i;

/**
 * The variant of the same product the customer asks for: the named size and/or colour, the other
 * options kept as they are. The option values the line already has are not a target ("my 9s for 10s").
 */
export function targetVariant(variants: Variant[], current: Variant, words: OptionWords): Variant[] {
  const sizes = words.sizes.filter((s) => s !== current.options.size);
  const colours = words.colours.filter((c) => c !== current.options.colour);
  if (sizes.length === 0 && colours.length === 0) return [];
  const wanted: Record<string, string[]> = {};
  if (sizes.length > 0) wanted.size = sizes;
  if (colours.length > 0) wanted.colour = colours;
  const fits = (v: Variant) =>
    Object.keys({ ...current.options, ...v.options, ...wanted }).every((key) =>
      wanted[key] ? wanted[key].includes(v.options[key] ?? '') : v.options[key] === current.options[key],
    );
  // In the order the customer named them, so "L or XL" tries L first.
  const order = (v: Variant) => (wanted.size ? wanted.size.indexOf(v.options.size ?? '') : 0);
  return variants.filter((v) => v.sku !== current.sku && fits(v)).sort((a, b) => order(a) - order(b));
}

const METHOD_WORDS: [RegExp, (m: PaymentMethod) => boolean][] = [
  [/\bgift ?card|store credit|gift card balance\b/i, (m) => m.kind === 'gift_card'],
  [/\bpay ?pal\b/i, (m) => m.kind === 'paypal'],
  [/\bvisa\b/i, (m) => /visa/i.test(m.label)],
  [/\bmaster ?card\b/i, (m) => /mastercard/i.test(m.label)],
  [/\bamex|american express\b/i, (m) => /amex/i.test(m.label)],
  [/\b(credit |debit )?card\b/i, (m) => m.kind === 'card'],
];

/** A payment method the text names: found among the customer's, named but not theirs, or none. */
export function namedMethod(
  said: string,
  methods: PaymentMethod[],
): { kind: 'found'; method: PaymentMethod } | { kind: 'missing'; words: string } | { kind: 'none' } {
  // "with my Visa instead of PayPal": the method after "instead of" is the one being left.
  const text = said.replace(/\b(instead of|rather than|not)\s+(my |the )?(\w+ ?card|\w+)/gi, ' ');
  for (const [pattern, fits] of METHOD_WORDS) {
    const said = pattern.exec(text);
    if (!said) continue;
    const mine = methods.filter(fits);
    if (mine.length === 1 && mine[0]) return { kind: 'found', method: mine[0] };
    return { kind: 'missing', words: said[0] };
  }
  if (/\b(bitcoin|crypto|cash|cheque|check|venmo|apple pay|google pay)\b/i.test(text)) {
    return {
      kind: 'missing',
      words: (
        /\b(bitcoin|crypto|cash|cheque|check|venmo|apple pay|google pay)\b/i.exec(text) as RegExpExecArray
      )[0],
    };
  }
  return { kind: 'none' };
}

// "…, if that's not possible, return them", "otherwise XL is fine", "or if you can't, …".
const FALLBACK =
  /[,;.]?\s*(?:\b(?:and )?if (?:that'?s|it'?s|this is) (?:not possible|impossible|out of stock|too late)|\bif (?:you )?can'?t\b|\bif not\b|\bor if\b|\botherwise\b|\bif it'?s too late\b|\bif (?:it|that) (?:doesn'?t|does not) work\b)/i;

/** The main request and, after "if that's not possible" or "otherwise", what to do instead. */
export function splitFallback(text: string): { main: string; fallback: string | null } {
  const at = FALLBACK.exec(text);
  if (!at || at.index === 0) return { main: text, fallback: null };
  return { main: text.slice(0, at.index), fallback: text.slice(at.index + at[0].length) };
}
