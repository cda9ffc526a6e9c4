import { DEFAULT_TURN_TIMEOUT_MS, MIN_STEP_WAIT_MS } from '../defaults.js';
import { ConversationNotFoundError, IdempotencyKeyReusedError } from '../errors.js';
import { isAffirmative, isNegative } from '../planner/consent-words.js';
import type { PlanResult } from '../planner/planner.js';
import { TurnDeadline } from '../planner/turn-deadline.js';
import type { Runtime } from '../runtime.js';
import type {
  ConversationRecord,
  ConversationStatus,
  ConversationStore,
  MessageRecord,
} from '../store/conversation-store.js';
import type { Agent } from './agent.js';
import { messageText, requestHash } from './customer-message.js';
import type { Domain } from './domain.js';
import type { DecisionRequest, WorkflowResult } from './executor.js';
import { composeReply } from './reply.js';
import { TurnQueue } from './turn-queue.js';
import { IN_PROGRESS_REPLY, settleWithin } from './turn-wait.js';
import { type WorkflowLookup, waitingStatus, waitingWorkflows } from './waiting.js';

export interface ConversationsOptions {
  agent: Agent;
  store: ConversationStore;
  /** The domain: the customer's facts and the wording of confirmations and replies. */
  domain: Domain;
  runtime: Runtime;
  /** The workflows behind the conversations, to find the ones waiting for a person. */
  workflows: WorkflowLookup;
  /** State a write plan and run it only after the customer agrees. @default true */
  confirmWrites?: boolean;
  /** Told about every finished turn and decision, e.g. to record conversations. */
  observer?: ConversationObserver;
  /**
   * One turn, planning and the wait for its steps; steps that run longer answer "in progress"
   * and post their outcome when done. @default DEFAULT_TURN_TIMEOUT_MS
   */
  turnTimeoutMs?: number;
  /** Hears about a workflow that failed after its turn had answered. @default none */
  onLateError?: (error: unknown) => void;
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
  readonly #workflows: WorkflowLookup;
  readonly #confirmWrites: boolean;
  readonly #observer: ConversationObserver | undefined;
  readonly #queue = new TurnQueue();
  readonly #turnTimeoutMs: number;
  readonly #onLateError: (error: unknown) => void;

  constructor(options: ConversationsOptions) {
    this.#agent = options.agent;
    this.#store = options.store;
    this.#domain = options.domain;
    this.#runtime = options.runtime;
    this.#workflows = options.workflows;
    this.#confirmWrites = options.confirmWrites ?? true;
    this.#observer = options.observer;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
    this.#onLateError = options.onLateError ?? (() => {});
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

  /**
   * Checks a message before anything is done with it, so an adapter can refuse it before it starts
   * answering (a stream, say): the conversation is the customer's, the text is within limits, and
   * a reused idempotency key comes with the same message. Returns the text as it will be handled.
   */
  admit(id: string, customerId: string, text: string, idempotencyKey?: string): string {
    this.#owned(id, customerId);
    const trimmed = messageText(text);
    if (idempotencyKey) this.#replay(id, idempotencyKey, text);
    return trimmed;
  }

  /**
   * Handles a customer message; a repeated idempotency key with the same message returns the first
   * answer again, with another message it is refused (IDEMPOTENCY_KEY_REUSED).
   */
  post(
    id: string,
    customerId: string,
    text: string,
    options: { idempotencyKey?: string; onPlan?: (p: PlanResult) => void } = {},
  ): Promise<TurnOutcome> {
    const key = options.idempotencyKey;
    const trimmed = this.admit(id, customerId, text, key);
    return this.#queue.run(id, async () => {
      // Checked again in the queue: the first request with this key may have finished meanwhile.
      const seen = key ? this.#replay(id, key, text) : null;
      if (seen) return seen;
      const incoming = this.#observer?.incoming?.(trimmed) ?? trimmed;
      const outcome = await this.#turn(id, customerId, incoming, options.onPlan);
      this.#observer?.turn(id, customerId, incoming, outcome);
      if (key)
        this.#store.saveResponse(id, key, { response: outcome, requestHash: requestHash(text) }, this.#now());
      return outcome;
    });
  }

  /** Conversations with a message being handled or queued; idle ones hold no entry. @internal */
  get activeQueues(): number {
    return this.#queue.size;
  }

  #replay(id: string, key: string, text: string): TurnOutcome | null {
    const saved = this.#store.response(id, key);
    if (!saved) return null;
    if (saved.requestHash !== null && saved.requestHash !== requestHash(text))
      throw new IdempotencyKeyReusedError(id, key);
    return saved.response as TurnOutcome;
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
    const deadline = new TurnDeadline(this.#runtime.clock, this.#turnTimeoutMs);
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
    if (pending && isAffirmative(text)) return this.#run(id, customerId, pending, deadline, onPlan);
    const waiting = waitingWorkflows(this.#workflows, customerId, id);
    const history = this.#history(id, waiting);
    const planned = await this.#agent.plan({ customerId, conversationId: id, messages: history, deadline });
    const status = waitingStatus(text, planned, waiting);
    if (status) return this.#answer(id, status, 'waiting_for_human', null, null);
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
    return this.#run(id, customerId, planned, deadline, onPlan);
  }

  /**
   * Runs the plan and answers with its outcome, or, when the steps outlast the turn (at least
   * MIN_STEP_WAIT_MS even if planning used the turn up), answers "in progress" and posts the
   * outcome to the conversation when the workflow gets there.
   */
  async #run(
    id: string,
    customerId: string,
    planned: PlanResult,
    deadline: TurnDeadline,
    onPlan?: (p: PlanResult) => void,
  ): Promise<TurnOutcome> {
    onPlan?.(planned);
    const running = this.#agent.execute(planned, { customerId, conversationId: id });
    const wait = Math.max(deadline.remainingMs(), MIN_STEP_WAIT_MS);
    const turn = await settleWithin(running, wait, this.#runtime.sleep);
    if (turn.done) {
      const { reply, result } = turn.value;
      return this.#answer(id, reply, statusOf(result), result, planned);
    }
    running.then((late) => this.postOutcome(late.result)).catch(this.#onLateError);
    return this.#answer(id, IN_PROGRESS_REPLY, 'open', null, planned);
  }

  /** The conversation so far, or only what came after the reply of a workflow that still waits. */
  #history(id: string, waiting: WorkflowResult[]): { role: 'customer' | 'agent'; text: string }[] {
    const messages = this.#store.messages(id);
    const ids = new Set(waiting.map((w) => w.workflow.id));
    const from = messages.findLastIndex((m) => m.workflowId !== null && ids.has(m.workflowId)) + 1;
    // What a person wrote during a takeover is the support side speaking, as the agent does.
    return messages
      .slice(from)
      .map((m) => ({ role: m.role === 'customer' ? 'customer' : 'agent', text: m.text }));
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
