import { z } from 'zod';
import type { ConversationMessage } from '../planner/planner.js';
import type { Domain } from './domain.js';

/**
 * The requests of one customer message that held several ("cancel ORD-1004 and return ORD-1003"),
 * worked through one at a time: each is planned on its own, a write confirmed on its own, and the
 * next is taken up once the one before has settled (done, declined, refused). The queue is kept
 * with the conversation's pending state (on the pending action, or alone while a question about
 * the current request waits), so whichever instance gets the next message carries on. The schema
 * reads it back from there; the type is the schema's.
 */
export const StoredRequestQueue = z.object({
  /** The customer's message as written (and stored). */
  message: z.string(),
  /** The request being handled now, in the customer's words. */
  current: z.string(),
  /** The requests still to handle after it, in order. */
  later: z.array(z.string()),
  /** After this the rest is stale (the customer has moved on) and is dropped. */
  expiresAt: z.string(),
});
export type RequestQueue = z.infer<typeof StoredRequestQueue>;

/** The queue as the pending column holds it while a question about its current request waits. */
const QueuedAlone = z.object({ requests: StoredRequestQueue });

/** The queue stored alone in a conversation's pending column (no write waits), if live at `now`. */
export function readQueuedRequests(raw: unknown, now: Date): RequestQueue | null {
  const parsed = QueuedAlone.safeParse(raw);
  return parsed.success ? liveQueue(parsed.data.requests, now) : null;
}

/** The queue if it has not expired. */
export function liveQueue(queue: RequestQueue | undefined, now: Date): RequestQueue | null {
  return queue && now.getTime() < Date.parse(queue.expiresAt) ? queue : null;
}

/**
 * The domain's split of a message into its requests, as a queue whose first request is handled
 * now; null when the message holds one request (or the domain does not split).
 */
export function splitMessage(
  domain: Domain,
  text: string,
  about: { facts: unknown; customerId: string },
  expiresAt: string,
): RequestQueue | null {
  const [current, ...later] = requestsIn(domain, text, about.facts, about.customerId);
  if (current === undefined || later.length === 0) return null;
  return { message: text, current, later, expiresAt };
}

/** A message's requests as the domain splits it, from the customer's facts; the message alone when it holds one. */
export function requestsIn(domain: Domain, text: string, facts: unknown, customerId: string): string[] {
  const parts = domain.requests?.(text, facts, customerId) ?? [];
  return parts.length > 1 ? [...parts] : [text];
}

/** The same, with the customer's facts loaded for it (outside a turn, e.g. `keel run`). */
export async function requestsOf(domain: Domain, customerId: string, text: string): Promise<string[]> {
  return domain.requests ? requestsIn(domain, text, await domain.facts(customerId), customerId) : [text];
}

/**
 * The conversation as the planner sees it while a queue is worked through: the message that held
 * several requests reads as the one handled now, so the planner (and the offline reading that
 * checks a model's plan) plans that request alone. A request taken up after the one before settled
 * (`takingUp`) comes last, as if the customer had just written it.
 */
export function focusOn(
  messages: ConversationMessage[],
  queue: RequestQueue | null,
  takingUp = false,
): ConversationMessage[] {
  if (!queue) return messages;
  if (takingUp) return [...messages, { role: 'customer', text: queue.current }];
  const at = messages.findLastIndex((m) => m.role === 'customer' && m.text === queue.message);
  return messages.map((m, i) => (i === at ? { ...m, text: queue.current } : m));
}

/** The queue moved on to its next request, or null when none is left. */
export function nextOf(queue: RequestQueue, expiresAt: string): RequestQueue | null {
  const [current, ...later] = queue.later;
  return current === undefined ? null : { ...queue, current, later, expiresAt };
}
