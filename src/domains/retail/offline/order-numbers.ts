/** An order number the customer wrote, normalised, with the words it was read from. */
export interface OrderRef {
  /** Normalised, e.g. "ORD-1001". */
  id: string;
  /** The text it came from, e.g. "order #1001", for the planner's reasons. */
  from: string;
  /** Where in the text it starts. */
  at: number;
}

const ORDER_WORD = '(?:order|ordr|oder|odrer|ordre|orer|commande|pedido|bestellung|encomenda)';

/** Ways customers write an order number, each capturing its digits. */
const FORMS: RegExp[] = [
  // ORD-1001, ord1001, ORD 1001, ord_1001, ORD–1001
  /\bord[\s_#.:\u2013\u2014-]*(\d{4,8})\b/gi,
  // order 1001, order #1001, order no. 1001, order number is 1001, ordr 1001, commande 1027
  new RegExp(
    String.raw`\b${ORDER_WORD}\s*(?:no\.?|nr\.?|n°|num(?:ber)?\.?|id)?\s*(?:is\s+)?[#:]?\s*(\d{4,8})\b`,
    'gi',
  ),
  // #1001
  /#\s?(\d{4,8})\b/g,
];

// A bare number is not an amount, a percentage or part of a longer number.
const BARE = /(?<![$€£\d.,-])\b(\d{4,8})\b(?![.,]\d|\s?%|-\d)/g;

export interface FindOrderOptions {
  /** The customer's own order numbers: a bare "1007" is read as ORD-1007 when it is one of them. */
  owned?: ReadonlySet<string>;
  /** Read any bare number as an order number (a short answer such as "it's 1004"). */
  anyBareNumber?: boolean;
}

/** Every order number in the text, in order of appearance, each once. */
export function findOrderRefs(text: string, options: FindOrderOptions = {}): OrderRef[] {
  const found: OrderRef[] = [];
  for (const form of FORMS) {
    for (const m of text.matchAll(form)) found.push({ id: `ORD-${m[1]}`, from: m[0].trim(), at: m.index });
  }
  for (const m of text.matchAll(BARE)) {
    const id = `ORD-${m[1]}`;
    const covered = found.some((f) => m.index >= f.at && m.index < f.at + f.from.length);
    // A number that is not one of the customer's orders may be a postcode, a year or a price;
    // only a short answer makes it an order number.
    if (!covered && (options.anyBareNumber || options.owned?.has(id))) {
      found.push({ id, from: m[0], at: m.index });
    }
  }
  const first = new Map<string, OrderRef>();
  for (const ref of found.sort((a, b) => a.at - b.at)) if (!first.has(ref.id)) first.set(ref.id, ref);
  return [...first.values()];
}

/** The text with every written order number blanked out, so it cannot pass for a house number. */
export function withoutOrderNumbers(text: string): string {
  return FORMS.reduce((rest, form) => rest.replace(form, (m) => ' '.repeat(m.length)), text);
}
