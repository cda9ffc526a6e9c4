import { DEFAULT_PENDING_ACTION_TTL_MS, DEFAULT_TURN_TIMEOUT_MS, TURN_POLL_MS } from '../defaults.js';
import { ConversationNotFoundError, IdempotencyKeyReusedError } from '../errors.js';
import type { PlanResult } from '../planner/planner.js';
import { TurnDeadline } from '../planner/turn-deadline.js';
import type { Runtime } from '../runtime.js';
import {
  type ConversationRecord,
  conversationStatusOf,
  type MessageRecord,
  RESUMABLE_STATUSES,
  type Store,
} from '../store/store.js';
import type { Agent } from './agent.js';
import { messageText, requestHash } from './customer-message.js';
import type { Domain } from './domain.js';
import type { DecisionRequest, WorkflowResult } from './executor.js';
import { composeReply } from './reply.js';
import { type OnPlan, runTurn, type TurnDeps, type TurnOutcome } from './turn.js';
import { TurnQueue } from './turn-queue.js';
import type { WorkflowLookup } from './waiting.js';

export interface ConversationsOptions {
  agent: Agent;
  /** Where conversations live; the executor behind `agent` must write to the same store. */
  store: Store;
  /** The domain: the customer's facts and the wording of confirmations and replies. */
  domain: Domain;
  runtime: Runtime;
  /** The workflows behind the conversations, to find the ones waiting for a person. */
  workflows: WorkflowLookup;
  /** State a write plan and run it only after the customer agrees. @default true */
  confirmWrites?: boolean;
  /** How long a write waits for the customer's yes. @default DEFAULT_PENDING_ACTION_TTL_MS */
  pendingActionTtlMs?: number;
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

export type { OnPlan, TurnOutcome } from './turn.js';

/**
 * Multi-turn conversations: history, questions that wait for the customer, confirmation before
 * write workflows, and humans' decisions posted back. Messages to one conversation are handled
 * one at a time.
 */
export class Conversations {
  readonly #store: Store;
  readonly #domain: Domain;
  readonly #runtime: Runtime;
  readonly #observer: ConversationObserver | undefined;
  readonly #queue = new TurnQueue();
  readonly #turnTimeoutMs: number;
  readonly #turn: TurnDeps;

  constructor(options: ConversationsOptions) {
    this.#store = options.store;
    this.#domain = options.domain;
    this.#runtime = options.runtime;
    this.#observer = options.observer;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
    this.#turn = {
      agent: options.agent,
      store: options.store,
      domain: options.domain,
      runtime: options.runtime,
      workflows: options.workflows,
      confirmWrites: options.confirmWrites ?? true,
      pendingActionTtlMs: options.pendingActionTtlMs ?? DEFAULT_PENDING_ACTION_TTL_MS,
      postOutcome: (result) => this.postOutcome(result),
      onLateError: options.onLateError ?? (() => {}),
    };
  }

  start(customerId: string): Promise<ConversationRecord> {
    const at = this.#now();
    return this.#store.createConversation({
      id: this.#runtime.ids.next('conv'),
      customerId,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    });
  }

  /** The conversation and its messages, only for its own customer. */
  async view(
    id: string,
    customerId: string,
  ): Promise<{ conversation: ConversationRecord; messages: MessageRecord[] }> {
    const conversation = await this.#owned(id, customerId);
    return { conversation, messages: await this.#store.messages(id) };
  }

  /**
   * Checks a message before anything is done with it, so an adapter can refuse it before it starts
   * answering (a stream, say): the conversation is the customer's, the text is within limits, and
   * a reused idempotency key comes with the same message. Returns the text as it will be handled.
   */
  async admit(id: string, customerId: string, text: string, idempotencyKey?: string): Promise<string> {
    await this.#owned(id, customerId);
    const trimmed = messageText(text);
    if (idempotencyKey) await this.#replay(id, idempotencyKey, text);
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
    options: { idempotencyKey?: string; onPlan?: OnPlan } = {},
  ): Promise<TurnOutcome> {
    const key = options.idempotencyKey;
    // Queued before anything is read, so messages are handled in the order they arrived however
    // long the store takes to answer; checked in the queue, where the first request with this key
    // may have finished meanwhile.
    return this.#queue.run(id, async () => {
      await this.#owned(id, customerId);
      const trimmed = messageText(text);
      return this.#inTurn(id, async () => {
        // Read once the turn is this one's: another instance's turn may just have changed it.
        const conversation = await this.#owned(id, customerId);
        // The turn's one deadline starts with the customer's message.
        const deadline = new TurnDeadline(this.#runtime.clock, this.#turnTimeoutMs);
        const seen = key ? await this.#replay(id, key, text) : null;
        if (seen) return seen;
        const incoming = this.#observer?.incoming?.(trimmed) ?? trimmed;
        const outcome = await runTurn(this.#turn, {
          conversation,
          text: incoming,
          deadline,
          onPlan: options.onPlan,
        });
        this.#observer?.turn(id, customerId, incoming, outcome);
        if (key)
          await this.#store.saveResponse(
            id,
            key,
            { response: outcome, requestHash: requestHash(text) },
            this.#now(),
          );
        return outcome;
      });
    });
  }

  /**
   * Runs a turn once every turn queued before it on this conversation, by any instance on the
   * store, has ended (or expired: its instance died), so the conversation's state is read and
   * written by one turn at a time. A turn holds its place for twice the turn timeout, which covers
   * its planning and its wait for steps.
   */
  async #inTurn<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const { clock, sleep } = this.#runtime;
    const expires = new Date(clock.now().getTime() + 2 * this.#turnTimeoutMs).toISOString();
    const ticket = await this.#store.queueTurn(id, expires);
    try {
      while (!(await this.#store.isTurnFirst(id, ticket, this.#now()))) await sleep(TURN_POLL_MS);
      return await fn();
    } finally {
      // A ticket that cannot be ended now (the database is down) stops counting when it expires.
      await this.#store.endTurn(ticket).catch(() => {});
    }
  }

  /** Conversations with a message being handled or queued; idle ones hold no entry. @internal */
  get activeQueues(): number {
    return this.#queue.size;
  }

  async #replay(id: string, key: string, text: string): Promise<TurnOutcome | null> {
    const saved = await this.#store.savedResponse(id, key);
    if (!saved) return null;
    if (saved.requestHash !== null && saved.requestHash !== requestHash(text))
      throw new IdempotencyKeyReusedError(id, key);
    return saved.response as TurnOutcome;
  }

  /**
   * Posts what became of a workflow to the conversation it was started from, when the executor
   * did not: it stopped short of settling (a drain), or a keel from before settling writes carried
   * the reply left it owed. A settled workflow's reply is written with the change that settled it.
   */
  async postOutcome(result: WorkflowResult): Promise<MessageRecord | null> {
    const id = result.workflow.conversationId;
    const conversation = id ? await this.#store.getConversation(id) : null;
    if (!conversation) return null;
    const plan = result.workflow.plan as PlanResult['plan'];
    const reply = composeReply(this.#domain, { plan, planner: 'offline', reasons: [] }, result);
    const at = this.#now();
    return this.#store.appendMessage(
      {
        conversationId: conversation.id,
        role: 'agent',
        text: reply,
        workflowId: result.workflow.id,
        createdAt: at,
      },
      {
        status: conversationStatusOf(result.workflow.status),
        lastWorkflowId: result.workflow.id,
        updatedAt: at,
      },
    );
  }

  /**
   * After a human's decision: the outcome is in the conversation already when the workflow
   * settled; otherwise it is posted now. The observer hears the reply either way.
   */
  async decided(result: WorkflowResult, decision: DecisionRequest): Promise<void> {
    const id = result.workflow.conversationId;
    if (!id) return;
    if (RESUMABLE_STATUSES.includes(result.workflow.status)) await this.postOutcome(result);
    const reply = (await this.#store.messages(id)).findLast((m) => m.workflowId === result.workflow.id);
    if (reply?.role === 'agent') this.#observer?.decided(id, decision, result, reply.text);
  }

  async #owned(id: string, customerId: string): Promise<ConversationRecord> {
    const conversation = await this.#store.getConversation(id);
    if (!conversation || conversation.customerId !== customerId) throw new ConversationNotFoundError(id);
    return conversation;
  }

  #now(): string {
    return this.#runtime.clock.now().toISOString();
  }
}
