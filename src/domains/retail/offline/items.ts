import type { Order } from '../shop.js';

/** The items of one order a customer named. */
export interface ItemMatch {
  /** SKUs of the named items, or null for the whole order (none named, or all of them). */
  skus: string[] | null;
  /** The words that named them, for the planner's reasons. */
  named: string[];
  /** SKUs the customer said they keep. */
  kept: string[];
  /** Kinds of goods the customer named that this order does not hold ("the hoodie" in an order of tees). */
  unmatched: string[];
}

/**
 * Words customers use for kinds of goods, and the words of item names they may mean. Plurals are
 * listed rather than stemmed: a stemmer would read "too short" as the shorts.
 */
const KINDS: Record<string, string[]> = {
  tee: ['tee'],
  tees: ['tee'],
  tshirt: ['tee'],
  tshirts: ['tee'],
  shirt: ['shirt', 'tee'],
  shirts: ['shirt', 'tee'],
  jeans: ['jeans'],
  denim: ['jeans'],
  trousers: ['jeans'],
  pants: ['jeans', 'shorts'],
  hoodie: ['hoodie'],
  hoodies: ['hoodie'],
  hoody: ['hoodie'],
  sweatshirt: ['hoodie'],
  sweater: ['hoodie'],
  jumper: ['hoodie'],
  socks: ['socks'],
  sock: ['socks'],
  scarf: ['scarf'],
  scarves: ['scarf'],
  cap: ['cap'],
  caps: ['cap'],
  hat: ['cap', 'beanie'],
  hats: ['cap', 'beanie'],
  beanie: ['beanie'],
  beanies: ['beanie'],
  boots: ['boots'],
  boot: ['boots'],
  shoes: ['boots', 'sneakers', 'runner'],
  sneakers: ['sneakers'],
  sneaker: ['sneakers'],
  trainers: ['sneakers', 'runner'],
  runners: ['runner'],
  runner: ['runner'],
  jacket: ['jacket', 'shell'],
  jackets: ['jacket', 'shell'],
  gloves2: [],
  coat: ['jacket', 'shell'],
  raincoat: ['shell'],
  shell: ['shell'],
  shells: ['shell'],
  watch: ['watch'],
  watches: ['watch'],
  bag: ['bag'],
  bags: ['bag'],
  weekender: ['bag'],
  belt: ['belt'],
  belts: ['belt'],
  dress: ['dress'],
  dresses: ['dress'],
  sunglasses: ['sunglasses'],
  glasses: ['sunglasses'],
  shades: ['sunglasses'],
  gloves: ['gloves'],
  glove: ['gloves'],
  shorts: ['shorts'],
  chinos: ['shorts'],
};

const KIND_WORDS = new Set(Object.values(KINDS).flat());
// Words of item names that say nothing about which item is meant.
const GENERIC = new Set(['final', 'sale', 'clearance', 'outlet', 'pack', 'size']);

const tokens = (text: string) =>
  text
    .toLowerCase()
    .replace(/\bt[\s-]?shirt/g, 'tshirt')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);

// "the green one is fine", "I'll keep the jeans", "I only want the hoodie", "the tee can stay",
// "leave the cap in": a clause about an item the customer keeps. "I only want to return the tee"
// is not one: a verb follows.
const KEEPS =
  /^\s*not\b|\b(keep|keeping)\b|\b(is|are|was|were)\s+(fine|ok|okay|perfect|great|good)\b|\bhappy with\b|\b(only|just|still)\s+(want|need)\b(?!\s+to\b)|\b(can|may|should|will)\s+stay\b|\bleave\b/i;

// How a customer names an order by what it holds: "from my gloves and beanie order", "my
// hoodie-and-cap order", "the order with the hoodie and the socks". Those words say which order,
// not which of its items; the order is found from them before the items are read.
const ORDER_BY_ITEMS =
  /\b(?:from|in|on|of|off)\s+(?:my|the|our)\s+(?:(?!(?:in|on|of|my|the|from|to|for|with)\b)[a-z]+(?:\s+|-)){1,5}order\b|\b(?:the|my|an?)\s+order\s+(?:with|containing|that had|that has)\s+[^,.;!?]{1,60}/gi;

/** The text with order descriptions blanked out, so their item words name no item to act on. */
function withoutOrderDescription(text: string): string {
  return text.replace(ORDER_BY_ITEMS, (m) => ' '.repeat(m.length));
}

interface Item {
  sku: string;
  words: Set<string>;
}

/**
 * Which items of the order the text names: by kind ("the boots"), narrowed by the other words of
 * their names ("the blue tee"), or by a word only one item has ("the green one"). Items in a
 * clause saying the customer keeps them are left out ("… and the green one is fine").
 */
export function findItems(text: string, order: Order, options: { toFindOrder?: boolean } = {}): ItemMatch {
  const items = order.items.map((item) => ({ sku: item.sku, words: new Set(tokens(item.name)) }));
  // Finding the order, its description is what counts; acting on it, the items named outside it.
  const said = options.toFindOrder ? text : withoutOrderDescription(text);
  const clauses = said.split(/[,;.!?]|\b(?:and|but)\b/i);
  const asked = pick(new Set(tokens(clauses.filter((c) => !KEEPS.test(c)).join(' '))), items);
  const kept = pick(new Set(tokens(clauses.filter((c) => KEEPS.test(c)).join(' '))), items).chosen;
  const base = asked.chosen.size > 0 ? [...asked.chosen] : items.map((i) => i.sku);
  const chosen = base.filter((sku) => !kept.has(sku));
  const whole = chosen.length === items.length || (chosen.length === 0 && kept.size === 0);
  const skus = whole ? null : items.filter((i) => chosen.includes(i.sku)).map((i) => i.sku);
  return { skus, named: asked.named, kept: [...kept], unmatched: asked.unmatched };
}

function pick(
  said: Set<string>,
  items: Item[],
): { chosen: Set<string>; named: string[]; unmatched: string[] } {
  const chosen = new Set<string>();
  const named = new Set<string>();
  const unmatched: string[] = [];
  for (const word of said) {
    // Own keys only: "constructor" is not a kind of goods.
    const kinds = Object.hasOwn(KINDS, word) ? KINDS[word] : undefined;
    if (!kinds) continue;
    const ofKind = items.filter((item) => kinds.some((k) => item.words.has(k)));
    if (ofKind.length === 0) {
      unmatched.push(word);
      continue;
    }
    const described = ofKind.filter((item) => [...item.words].some((w) => describes(w, said)));
    for (const item of described.length > 0 ? described : ofKind) chosen.add(item.sku);
    for (const item of described) for (const w of item.words) if (describes(w, said)) named.add(w);
    named.add(word);
  }
  if (named.size === 0 && unmatched.length === 0) {
    // No kind named: a word that only one item's name has ("the blue one") still names it.
    for (const item of items) {
      const own = [...item.words].filter(
        (w) => describes(w, said) && items.filter((other) => other.words.has(w)).length === 1,
      );
      if (own.length > 0) chosen.add(item.sku);
      for (const w of own) named.add(w);
    }
  }
  return { chosen, named: [...named], unmatched };
}

function describes(word: string, said: Set<string>): boolean {
  return (
    said.has(word) && !KIND_WORDS.has(word) && !GENERIC.has(word) && word.length > 2 && !/^\d+$/.test(word)
  );
}
