import type { RetailFacts } from '../facts.js';
import { deskIntent } from './desk-intents.js';
import { retractionEnd, suspicion } from './guards.js';
import { matchIntents } from './intents.js';
import { findOrderRefs } from './order-numbers.js';

/** More requests than this in one message are not split: the planner asks which first. */
const MAX_REQUESTS = 4;

// Where one clause may end and another begin: a sentence end, a line break, "and", or ", also".
// Splitting too finely is harmless: clauses that ask for nothing new are joined back.
const BOUNDARY = /(?<=[.!?;])\s+|\n+|,?\s+and(?:\s+(?:also|then))?\s+|[,;]\s*(?:also|then|plus)\s+/gi;
// What a clause may open with that only joins it to the one before ("and also", "Also,", "Then").
const LEADING_JOIN = /^(?:\s|,|\b(?:and|also|then|plus|so)\b)+/i;
// A clause that opens with a condition is a fallback or a condition of the request before it
// ("if that's not possible, remove the bag", "otherwise XL is fine"), never a request of its own.
const CONDITIONAL = /^(?:if|otherwise|or|else|failing that|in case|unless|but)\b/i;

/** One clause of the message: where it is, and what it asks for on its own. */
interface Clause {
  start: number;
  end: number;
  asks: Set<string>;
  refs: string[];
  conditional: boolean;
}

/**
 * The requests of a message that holds several ("cancel ORD-1004 and return ORD-1003"), in the
 * customer's own words and order, so each is planned and confirmed on its own; one element when it
 * holds one. A clause joins the request before it unless it asks for something that request does
 * not (another intent, or the same one for other orders): a reason ("the gloves are too small"), a
 * second item ("and the socks"), a greeting or a fallback ("if that's not possible, cancel it")
 * never makes a request of its own. A message that takes something back, asks for a person or
 * needs one (a demand, another account) stays whole, for the rules that handle those.
 */
export function splitRequests(text: string, facts: RetailFacts, customerId: string): string[] {
  if (retractionEnd(text) >= 0 || suspicion(text, customerId)) return [text];
  const owned = new Set(facts.orders.map((o) => o.id));
  const clauses = clausesOf(text, owned);
  if (clauses.some((c) => !c.conditional && c.asks.has('human'))) return [text];
  const groups: Clause[][] = [];
  for (const clause of clauses) {
    const current = groups.at(-1);
    if (current && !startsRequest(current, clause)) current.push(clause);
    else groups.push([clause]);
  }
  // Words before the first request (a greeting, "two things:") belong to it.
  const [lead, next] = groups;
  if (lead && next && lead.every((c) => c.asks.size === 0)) groups.splice(0, 2, [...lead, ...next]);
  if (groups.length < 2 || groups.length > MAX_REQUESTS) return [text];
  return groups.map((g) => text.slice(g[0]?.start ?? 0, g.at(-1)?.end ?? text.length).trim());
}

/** Whether a clause opens a new request after the clauses of `current`. */
function startsRequest(current: Clause[], clause: Clause): boolean {
  if (clause.conditional || clause.asks.size === 0) return false;
  const asks = new Set(current.flatMap((c) => [...c.asks]));
  if (asks.size === 0) return false;
  if ([...clause.asks].some((a) => !asks.has(a))) return true;
  // The same request again for other orders ("return ORD-1020. I also want to return ORD-1044").
  const refs = new Set(current.flatMap((c) => c.refs));
  return refs.size > 0 && clause.refs.length > 0 && clause.refs.some((r) => !refs.has(r));
}

function clausesOf(text: string, owned: ReadonlySet<string>): Clause[] {
  const cuts: { at: number; next: number }[] = [];
  for (const m of text.matchAll(BOUNDARY)) cuts.push({ at: m.index, next: m.index + m[0].length });
  const clauses: Clause[] = [];
  let from = 0;
  for (const cut of [...cuts, { at: text.length, next: text.length }]) {
    const raw = text.slice(from, cut.at);
    const lead = LEADING_JOIN.exec(raw)?.[0].length ?? 0;
    const words = raw.slice(lead);
    if (words.trim().length > 0) {
      clauses.push({
        start: from + lead,
        end: cut.at,
        asks: asksOf(words),
        refs: findOrderRefs(words, { owned }).map((r) => r.id),
        conditional: CONDITIONAL.test(words.trim()),
      });
    }
    from = cut.next;
  }
  return clauses;
}

/** What a clause asks for by itself: explicit requests only, not hints ("it doesn't fit"). */
function asksOf(words: string): Set<string> {
  const asks = new Set(
    matchIntents(words)
      .filter((m) => m.strength >= 0.9)
      .map((m) => m.intent as string),
  );
  const desk = deskIntent(words);
  if (desk) asks.add(desk);
  return asks;
}
