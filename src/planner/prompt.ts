import { z } from 'zod';
import type { ToolRegistry } from '../tools/registry.js';
import type { PlannerDomain } from './domain.js';
import type { PendingRequest, PlanRequest } from './planner.js';

/** A chat message as the model sees it. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The stable prefix: the domain's policy, the tool catalog and the domain's examples. It depends
 * only on the domain and its registry, so it is byte-identical across customers and turns and
 * provider prompt caching applies.
 */
export function promptPrefix<Facts>(registry: ToolRegistry, domain: PlannerDomain<Facts>): string {
  const catalog = registry.plannable().map((tool) => {
    const args = JSON.stringify(z.toJSONSchema(tool.input, { target: 'draft-7' }).properties ?? {});
    const reads = Object.keys(tool.reads.shape);
    const requires = tool.requires.length > 0 ? `; must come after ${tool.requires.join(', ')}` : '';
    return `- ${tool.name} (${tool.effect}): ${tool.description} Args: ${args}.${reads.length > 0 ? ` Uses: ${reads.join(', ')}` : ''}${requires}`;
  });
  const examples = domain.examples.map(
    ({ customer, plan }) => `Customer: ${customer}\nPlan: ${JSON.stringify({ ask: null, ...plan })}`,
  );
  return [domain.policy, 'Tools:', ...catalog, 'Examples:', ...examples].join('\n\n');
}

/** The prefix, then the conversation, then what the domain lets the model know of this customer. */
export function buildPrompt<Facts>(
  prefix: string,
  request: PlanRequest<Facts>,
  domain: PlannerDomain<Facts>,
): PromptMessage[] {
  const conversation = request.messages.map(
    (m): PromptMessage => ({
      role: m.role === 'customer' ? 'user' : 'assistant',
      content: m.text,
    }),
  );
  const facts = `Signed-in customer: ${request.customerId}.\n${domain.describeFacts(request.facts)}`;
  const pending = request.pending ? [{ role: 'system' as const, content: pendingNote(request.pending) }] : [];
  const split = request.split ? [{ role: 'system' as const, content: SPLIT_NOTE }] : [];
  return [
    { role: 'system', content: prefix },
    ...conversation,
    ...split,
    ...pending,
    { role: 'system', content: facts },
  ];
}

/**
 * The write waiting for the customer's yes: a correction of it ("the other order", "actually size
 * L") is answered with the changed plan, which is asked about again before it runs.
 */
function pendingNote(pending: PendingRequest): string {
  const steps = JSON.stringify(pending.steps.map((s) => ({ tool: s.tool, args: shownArgs(s.args) })));
  return `Pending action ${pending.id}, waiting for the customer's yes: ${pending.confirmation} (intent ${pending.intent}, steps ${steps}). If the customer's last message changes it (another order, size or items), answer with the whole changed plan; if it asks something else, plan that instead. Nothing runs without the customer's yes to a new confirmation.`;
}

/**
 * A message with several requests: the model plans the one keel takes up now, and only it. The
 * customer's words stay in user messages; a system message never quotes them.
 */
const SPLIT_NOTE =
  "The customer's message held several requests, which are handled one after another, each with its own confirmation. Plan only the request in the customer's last message above; do not plan the others.";

// Ids, SKUs, codes, numbers: shown as they are. Anything with spaces is free text (a reason the
// customer gave, an address line) and is not repeated in a system message.
const TOKEN = /^[A-Za-z0-9_.:@#/+-]{1,64}$/;
const FREE_TEXT = '(free text, as in the conversation)';

/** A pending step's args as the model's note shows them: free text replaced by a placeholder. */
function shownArgs(value: unknown): unknown {
  if (typeof value === 'string') return TOKEN.test(value) ? value : FREE_TEXT;
  if (Array.isArray(value)) return value.map(shownArgs);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shownArgs(v)]));
  return value;
}
