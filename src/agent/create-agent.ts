/**
 * `src/agent`: the agent itself. `createAgent` (here) is the one facade every adapter calls; beside
 * it the turn pipeline, the gate (confidence, confirmation, approval), conversations, the durable
 * executor (steps, retries, compensation, escalations, leases) and replies through the domain's
 * templates. It may import `src/tools`, `src/planner`, `src/store` and the shared top-level
 * modules, never a domain pack, an adapter (`src/server`, `src/cli`), replay or test doubles.
 */
import pino, { type Logger } from 'pino';
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_PENDING_ACTION_TTL_MS,
  DEFAULT_TURN_TIMEOUT_MS,
} from '../defaults.js';
import type { Planner, PlanResult } from '../planner/planner.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import type {
  ConversationRecord,
  EscalationRecord,
  EscalationStatus,
  JournalEvent,
  MessageRecord,
  NewEvent,
  Store,
  WorkflowFilter,
  WorkflowRecord,
} from '../store/store.js';
import { Agent } from './agent.js';
import { type ConversationObserver, Conversations, type OnPlan, type TurnOutcome } from './conversation.js';
import type { Domain } from './domain.js';
import { type DecisionRequest, Executor, type WorkflowResult } from './executor.js';
import { type RunGate, runGate } from './pending-action.js';
import { replyForDomain } from './reply.js';
import { requestsOf } from './request-queue.js';

export interface CreateAgentOptions<D extends Domain = Domain> {
  /** The business served: its tools, facts, templates and hand-over. */
  domain: D;
  /** Where workflows and conversations live. */
  store: Store;
  /** Turns a conversation into a plan: an LLM planner, the domain's offline planner, a scripted one. */
  planner: Planner;
  /** Clock, sleep, ids and randomness; tests pass virtual ones. @default systemRuntime() */
  runtime?: Partial<Runtime>;
  /** @default a silent pino logger */
  logger?: Logger;
  /** Plans under this confidence wait for a person. @default DEFAULT_CONFIDENCE_THRESHOLD */
  confidenceThreshold?: number;
  /** Ask the customer before a write plan runs. @default true */
  confirmWrites?: boolean;
  /** One turn, planning and the wait for its steps. @default DEFAULT_TURN_TIMEOUT_MS */
  turnTimeoutMs?: number;
  /** How long a write waits for the customer's yes. @default DEFAULT_PENDING_ACTION_TTL_MS */
  pendingActionTtlMs?: number | undefined;
  /** How long a workflow's lease holds without renewal. @default DEFAULT_LEASE_MS */
  leaseMs?: number | undefined;
  /** Told about every turn and decision (recording). */
  observer?: ConversationObserver;
  /** Every journal event, as it happens (before `subscribe` listeners). */
  onEvent?: (event: NewEvent) => void;
}

/** What `recover` did. */
export interface Recovery {
  /** Workflows resumed from their last checkpoint. */
  resumed: WorkflowResult[];
  /** Workflows an older keel left settled without a reply, whose reply was posted only now. */
  repliedLate: string[];
}

/** A plan made without running anything, with what the gate would make of it. */
export interface PlanOnly extends PlanResult {
  threshold: number;
  /** The plan would wait for a person (a hand-over, or confidence under the threshold). */
  wouldWait: boolean;
}

/**
 * keel's use cases, the one surface every adapter (HTTP, CLI, chat, replay) calls: conversations,
 * staff decisions, recovery, inspection and planning alone.
 */
export interface KeelAgent<D extends Domain = Domain> {
  readonly domain: D;
  readonly store: Store;
  readonly planner: Planner;
  startConversation(customerId: string): Promise<ConversationRecord>;
  /** A conversation and its messages, for its own customer only (CONVERSATION_NOT_FOUND otherwise). */
  viewConversation(
    id: string,
    customerId: string,
  ): Promise<{ conversation: ConversationRecord; messages: MessageRecord[] }>;
  /** Checks a message (owner, length, a reused idempotency key) before an adapter starts answering. */
  admit(id: string, customerId: string, text: string, idempotencyKey?: string): Promise<string>;
  /** Handles a customer message: plan, gate, run, reply. */
  post(
    id: string,
    customerId: string,
    text: string,
    options?: { idempotencyKey?: string; onPlan?: OnPlan },
  ): Promise<TurnOutcome>;
  /** A person's decision, applied once; the customer hears the outcome in their conversation. */
  decide(escalationId: string, request: DecisionRequest): Promise<WorkflowResult & { applied: boolean }>;
  /** Resumes what a dead process left running; every outcome reaches its conversation. */
  recover(): Promise<Recovery>;
  /**
   * Plans a message for a customer and runs nothing. `within`: the message the text is one request
   * of (see `requests`), so the planner plans that request alone.
   */
  plan(customerId: string, text: string, within?: string): Promise<PlanOnly>;
  /**
   * The requests of a message, as the domain splits one that holds several ("cancel ORD-1004 and
   * return ORD-1003"), in the customer's words and order; the message alone when it holds one.
   */
  requests(customerId: string, text: string): Promise<string[]>;
  /**
   * What a plan outside a conversation (`keel run`) needs before it runs: run it as is (it changes
   * nothing, or it waits for a person anyway), ask about the previewed plan first, or refuse it.
   */
  runGate(planned: PlanResult, customerId: string): Promise<RunGate>;
  /** Runs a planner's plan for a customer outside any conversation, through the gate (`keel run`). */
  run(
    planned: PlanResult,
    customerId: string,
  ): Promise<{ planned: PlanResult; result: WorkflowResult; reply: string }>;
  /** Runs a plan given as JSON, validated first (PLAN_INVALID), outside any conversation (`keel exec`). */
  execute(plan: unknown, customerId: string): Promise<WorkflowResult>;
  workflows(filter?: WorkflowFilter): Promise<WorkflowRecord[]>;
  /** Where a workflow stands (WORKFLOW_NOT_FOUND for an unknown id). */
  workflow(id: string): Promise<WorkflowResult>;
  journal(workflowId: string): Promise<JournalEvent[]>;
  escalations(filter?: { status?: EscalationStatus; workflowId?: string }): Promise<EscalationRecord[]>;
  /** Every journal event, for live progress and metrics; returns an unsubscribe function. */
  subscribe(listener: (event: NewEvent) => void): () => void;
  /** Starts no new step; with `abort`, also aborts attempts in flight (they run again on recovery). */
  stop(options?: { abort?: boolean }): void;
  /** @internal the pieces, for the adapters that still reach past the facade */
  readonly parts: { executor: Executor; agent: Agent; conversations: Conversations };
}

/** Wires a domain, a store and a planner into keel's use cases. Reads no environment. */
export function createAgent<D extends Domain>(options: CreateAgentOptions<D>): KeelAgent<D> {
  const { domain, store, planner } = options;
  const { runtime, listeners, executor, agent, conversations, threshold } = wire(options);
  const pendingTtl = options.pendingActionTtlMs ?? DEFAULT_PENDING_ACTION_TTL_MS;
  // Replies of workflows that settle after this instant are written with their settling change.
  const openedAt = runtime.clock.now().toISOString();
  return {
    domain,
    store,
    planner,
    startConversation: (customerId) => conversations.start(customerId),
    viewConversation: (id, customerId) => conversations.view(id, customerId),
    admit: (id, customerId, text, key) => conversations.admit(id, customerId, text, key),
    post: (id, customerId, text, postOptions = {}) => conversations.post(id, customerId, text, postOptions),
    async decide(escalationId, request) {
      const result = await executor.decide(escalationId, request);
      if (result.applied) await conversations.decided(result, request);
      return result;
    },
    async recover() {
      // Resumed workflows reply with the change that settles them; a database written by a keel
      // from before that may still owe replies, posted here.
      const owed = await store.unansweredWorkflows(openedAt);
      const resumed = await executor.recover();
      const repliedLate: string[] = [];
      for (const id of owed)
        if ((await conversations.postOutcome(await executor.inspect(id))) !== null) repliedLate.push(id);
      return { resumed, repliedLate };
    },
    plan: (customerId, text, within) => planOnly(agent, threshold, { customerId, text, within }),
    requests: (customerId, text) => requestsOf(domain, customerId, text),
    runGate: (planned, customerId) =>
      runGate(
        {
          domain: options.domain,
          runtime,
          confirmWrites: true,
          threshold,
          ttlMs: pendingTtl,
          wouldWait: agent.wouldWait(planned),
        },
        planned,
        customerId,
      ),
    run: (planned, customerId) => agent.execute(planned, { customerId }),
    execute: (plan, customerId) => executor.start({ plan, customerId }),
    workflows: (filter) => store.listWorkflows(filter),
    workflow: (id) => executor.inspect(id),
    journal: (workflowId) => store.journal(workflowId),
    escalations: (filter) => store.listEscalations(filter),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: (stopOptions = {}) => (stopOptions.abort ? executor.abort() : executor.stop()),
    parts: { executor, agent, conversations },
  };
}

/** A plan made without running anything; `within` is the message it is one request of. */
async function planOnly(
  agent: Agent,
  threshold: number,
  r: { customerId: string; text: string; within: string | undefined },
): Promise<PlanOnly> {
  const split = r.within !== undefined && r.within !== r.text ? { split: { message: r.within } } : {};
  const messages = [{ role: 'customer' as const, text: r.text }];
  const planned = await agent.plan({ customerId: r.customerId, messages, ...split });
  return { ...planned, threshold, wouldWait: agent.wouldWait(planned) };
}

/** The engine's parts over the caller's domain, store and planner: executor, agent, conversations. */
function wire<D extends Domain>(options: CreateAgentOptions<D>) {
  const { domain, store, planner } = options;
  const runtime: Runtime = { ...systemRuntime(), ...options.runtime };
  const logger = options.logger ?? pino({ level: 'silent' });
  const listeners = new Set<(event: NewEvent) => void>();
  const executor = new Executor({
    registry: domain.registry,
    store,
    ports: domain.ports,
    ownership: domain,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    runtime,
    logger,
    replyFor: replyForDomain(domain),
    onEvent: (event) => {
      options.onEvent?.(event);
      for (const listener of listeners) listener(event);
    },
  });
  const threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  const agent = new Agent({ planner, executor, domain, confidenceThreshold: threshold });
  const conversations = new Conversations({
    agent,
    store,
    domain,
    runtime,
    workflows: {
      listWorkflows: (filter) => store.listWorkflows(filter),
      inspect: (id) => executor.inspect(id),
    },
    confirmWrites: options.confirmWrites ?? true,
    ...(options.pendingActionTtlMs !== undefined ? { pendingActionTtlMs: options.pendingActionTtlMs } : {}),
    turnTimeoutMs: options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS,
    onLateError: (error) => logger.error({ err: error }, 'a workflow that outlasted its turn failed'),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return { runtime, listeners, executor, agent, conversations, threshold };
}
