import { MAX_MESSAGE_CHARS } from '../defaults.js';
import { ConversationNotFoundError, InputError } from '../errors.js';
import { isAffirmative, isNegative } from '../planner/consent-words.js';
import type { PlanResult } from '../planner/planner.js';
import type { Runtime } from '../runtime.js';
import type {
  ConversationRecord,
  ConversationStatus,
  ConversationStore,
  MessageRecord,
} from '../store/conversation-store.js';
import type { Agent } from './agent.js';
import type { Domain } from './domain.js';
import type { DecisionRequest, WorkflowResult } from './executor.js';
import { composeReply } from './reply.js';

export interface ConversationsOptions {
  agent: Agent;
  store: ConversationStore;
  /** The domain: the customer's facts and the wording of confirmations and replies. */
  domain: Domain;
  runtime: Runtime;
  /** State a write plan and run it only after the customer agrees. @default true */
  confirmWrites?: boolean;
  /** Told about every finished turn and decision, e.g. to record conversations. */
  observer?: ConversationObserver;
}

export interface ConversationObserver {
  turn(conversationId: string, customerId: string, text: string, outcome: TurnOutcome): void;
  /** A human's decision and the outcome it posted (not called for outcomes of a recovery). */
  decided(conversationId: string, decision: DecisionRequest, result: WorkflowResult, reply: string): void;
  /** May rewrite the customer's words before they are handled (recording scrubs them). */
  incoming?(text: string): string;
}

/** What one customer message led to. */
export interface TurnOutcome {
  reply: string;
  status: ConversationStatus;
  workflow: WorkflowResult | null;
  planned: PlanResult | null;
}

/**
 * Multi-turn conversations: history, questions that wait for the customer, confirmation before
 * write workflows, and humans' decisions posted back. Messages to one conversation are handled
 * one at a time.
 */
export class Conversations {
  readonly #agent: Agent;
  readonly #store: ConversationStore;
  readonly #domain: Domain;
  readonly #runtime: Runtime;
  readonly #confirmWrites: boolean;
  readonly #observer: ConversationObserver | undefined;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: ConversationsOptions) {
    this.#agent = options.agent;
    this.#store = options.store;
    this.#domain = options.domain;
    this.#runtime = options.runtime;
    this.#confirmWrites = options.confirmWrites ?? true;
    this.#observer = options.observer;
  }

  start(customerId: string): ConversationRecord {
    const at = this.#now();
    return this.#store.create({
      id: this.#runtime.ids.next('conv'),
      customerId,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    });
  }

  /** The conversation and its messages, only for its own customer. */
  view(id: string, customerId: string): { conversation: ConversationRecord; messages: MessageRecord[] } {
    const conversation = this.#owned(id, customerId);
    return { conversation, messages: this.#store.messages(id) };
  }

  /** Handles a customer message; a repeated idempotency key returns the first answer again. */
  post(
    id: string,
    customerId: string,
    text: string,
    options: { idempotencyKey?: string; onPlan?: (p: PlanResult) => void } = {},
  ): Promise<TurnOutcome> {
    this.#owned(id, customerId);
    const trimmed = text.trim();
    if (!trimmed) throw new InputError('The message is empty');
    if (trimmed.length > MAX_MESSAGE_CHARS)
      throw new InputError(`The message is ${trimmed.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const key = options.idempotencyKey;
        const seen = key ? (this.#store.response(id, key) as TurnOutcome | null) : null;
        if (seen) return seen;
        const text = this.#observer?.incoming?.(trimmed) ?? trimmed;
        const outcome = await this.#turn(id, customerId, text, options.onPlan);
        this.#observer?.turn(id, customerId, text, outcome);
        if (key) this.#store.saveResponse(id, key, outcome, this.#now());
        return outcome;
      });
    this.#queues.set(id, next);
    return next;
  }

  /**
   * Posts what became of a workflow (a human's decision, a recovery after a crash) to the
   * conversation it was started from, so the customer hears the outcome.
   */
  postOutcome(result: WorkflowResult, decision?: DecisionRequest): MessageRecord | null {
    const id = result.workflow.conversationId;
    const conversation = id ? this.#store.get(id) : null;
    if (!conversation) return null;
    const plan = result.workflow.plan as PlanResult['plan'];
    const reply = composeReply(this.#domain, { plan, planner: 'offline', reasons: [] }, result);
    this.#store.update(conversation.id, {
      status: statusOf(result),
      lastWorkflowId: result.workflow.id,
      updatedAt: this.#now(),
    });
    const message = this.#store.append({
      conversationId: conversation.id,
      role: 'agent',
      text: reply,
      workflowId: result.workflow.id,
      createdAt: this.#now(),
    });
    if (decision) this.#observer?.decided(conversation.id, decision, result, reply);
    return message;
  }

  async #turn(
    id: string,
    customerId: string,
    text: string,
    onPlan?: (p: PlanResult) => void,
  ): Promise<TurnOutcome> {
    const conversation = this.#owned(id, customerId);
    this.#store.append({
      conversationId: id,
      role: 'customer',
      text,
      workflowId: null,
      createdAt: this.#now(),
    });
    const pending =
      conversation.status === 'awaiting_confirmation'
        ? (conversation.pendingPlan as PlanResult | null)
        : null;
    if (pending && isNegative(text))
      return this.#answer(
        id,
        'All right, I have not changed anything. Is there anything else I can help with?',
        'open',
        null,
        null,
      );
    if (pending && isAffirmative(text)) return this.#run(id, customerId, pending, onPlan);
    const history = this.#store.messages(id).map((m) => ({ role: m.role, text: m.text }));
    const planned = await this.#agent.plan({ customerId, conversationId: id, messages: history });
    const facts = await this.#domain.facts(customerId);
    // A yes to the planner's own question ("Would you like me to return ORD-1001?") is the
    // confirmation already; asking again would make the customer agree twice.
    const lastAgent = history.slice(0, -1).at(-1);
    const agreed = isAffirmative(text) && lastAgent?.role === 'agent' && lastAgent.text.endsWith('?');
    const summary =
      this.#confirmWrites && !agreed && !this.#agent.wouldWait(planned)
        ? this.#domain.templates.confirmation(planned.plan, facts)
        : null;
    if (summary) {
      onPlan?.(planned);
      this.#store.update(id, {
        pendingPlan: planned,
        status: 'awaiting_confirmation',
        updatedAt: this.#now(),
      });
      return this.#answer(
        id,
        `I can do that: ${summary}. Shall I go ahead?`,
        'awaiting_confirmation',
        null,
        planned,
      );
    }
    return this.#run(id, customerId, planned, onPlan);
  }

  async #run(
    id: string,
    customerId: string,
    planned: PlanResult,
    onPlan?: (p: PlanResult) => void,
  ): Promise<TurnOutcome> {
    onPlan?.(planned);
    const turn = await this.#agent.execute(planned, { customerId, conversationId: id });
    return this.#answer(id, turn.reply, statusOf(turn.result), turn.result, planned);
  }

  #answer(
    id: string,
    reply: string,
    status: ConversationStatus,
    workflow: WorkflowResult | null,
    planned: PlanResult | null,
  ): TurnOutcome {
    const at = this.#now();
    this.#store.append({
      conversationId: id,
      role: 'agent',
      text: reply,
      workflowId: workflow?.workflow.id ?? null,
      createdAt: at,
    });
    this.#store.update(id, {
      status,
      updatedAt: at,
      ...(status === 'awaiting_confirmation' ? {} : { pendingPlan: null }),
      ...(workflow ? { lastWorkflowId: workflow.workflow.id } : {}),
    });
    return { reply, status, workflow, planned };
  }

  #owned(id: string, customerId: string): ConversationRecord {
    const conversation = this.#store.get(id);
    if (!conversation || conversation.customerId !== customerId) throw new ConversationNotFoundError(id);
    return conversation;
  }

  #now(): string {
    return this.#runtime.clock.now().toISOString();
  }
}

function statusOf(result: WorkflowResult): ConversationStatus {
  if (result.workflow.status === 'awaiting_customer') return 'awaiting_customer';
  if (result.workflow.status === 'waiting_for_human') return 'waiting_for_human';
  return 'open';
}
