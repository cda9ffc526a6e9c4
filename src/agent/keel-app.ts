import type { Logger } from 'pino';
import pino from 'pino';
import { DEFAULT_SYNCHRONOUS } from '../defaults.js';
import { confidenceThresholdFromEnv, createPlanner } from '../planner/create-planner.js';
import type { Planner } from '../planner/planner.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import { ConversationStore } from '../store/conversation-store.js';
import { openDatabase, type SqliteDatabase, synchronousFromEnv } from '../store/database.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { type NewEvent, RESUMABLE_STATUSES } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { createRetailRegistry } from '../tools/retail/index.js';
import { SandboxShop } from '../tools/sandbox/sandbox-shop.js';
import type { Shop } from '../tools/shop.js';
import { Agent } from './agent.js';
import { type ConversationObserver, Conversations } from './conversation.js';
import { type DecisionRequest, Executor, type WorkflowResult } from './executor.js';

export interface KeelAppOptions {
  /** SQLite file for workflows and the sandbox shop, or `:memory:`. */
  dbPath: string;
  /** Read for KEEL_SANDBOX_FAULTS and KEEL_SQLITE_SYNCHRONOUS. */
  env?: Record<string, string | undefined>;
  /** Sandbox faults; overrides KEEL_SANDBOX_FAULTS. */
  faults?: string;
  runtime?: Partial<Runtime>;
  logger?: Logger;
  onEvent?: (event: NewEvent) => void;
  /** Seed folder for a new sandbox shop. @default fixtures/shop */
  seedDir?: string;
  /** A shop of the caller's; the sandbox over the same file otherwise. */
  shop?: Shop;
  registry?: ToolRegistry;
  /** Forces a planner; otherwise the LLM planner when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  planner?: 'llm' | 'offline';
  /** The fetch model calls go through (tests, recording). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Ask the customer before write workflows; KEEL_CONFIRM_WRITES=0|1 overrides. @default true */
  confirmWrites?: boolean;
  /** Told about every conversation turn and decision (recording). */
  observer?: ConversationObserver;
}

/** Everything a keel process works with, wired on the embedded defaults. */
export interface KeelApp {
  db: SqliteDatabase;
  store: SqliteStore;
  shop: Shop;
  registry: ToolRegistry;
  executor: Executor;
  planner: Planner;
  agent: Agent;
  conversations: Conversations;
  /** Every executor event, for live progress (SSE) and metrics; returns an unsubscribe function. */
  subscribe(listener: (event: NewEvent) => void): () => void;
  /** A human's decision, applied once, with the outcome posted to the customer's conversation. */
  decide(escalationId: string, request: DecisionRequest): Promise<WorkflowResult & { applied: boolean }>;
  /**
   * Resumes what a dead process left running and posts every outcome a customer is owed: those of
   * the resumed workflows, and those of workflows that finished before the crash but whose reply
   * was never stored.
   */
  recover(): Promise<Recovery>;
  runtime: Runtime;
  close(): void;
}

/** What `KeelApp.recover` did. */
export interface Recovery {
  /** Workflows resumed from their last checkpoint. */
  resumed: WorkflowResult[];
  /** Workflows that had settled before the crash and whose reply was posted only now. */
  repliedLate: string[];
}

/** Opens the store and the sandbox shop on one SQLite file and builds an executor over them. */
export function openKeel(options: KeelAppOptions): KeelApp {
  const env = options.env ?? {};
  const runtime: Runtime = { ...systemRuntime(), ...options.runtime };
  const listeners = new Set<(event: NewEvent) => void>();
  // Replies of workflows that settle after this instant are posted by this process's own turns.
  const openedAt = runtime.clock.now().toISOString();
  const db = openDatabase(options.dbPath, {
    synchronous: synchronousFromEnv(env.KEEL_SQLITE_SYNCHRONOUS) ?? DEFAULT_SYNCHRONOUS,
  });
  try {
    const store = new SqliteStore(db);
    const faults = options.faults ?? env.KEEL_SANDBOX_FAULTS ?? '';
    const shop =
      options.shop ??
      new SandboxShop({
        db,
        clock: runtime.clock,
        sleep: runtime.sleep,
        ids: runtime.ids,
        faults,
        ...(options.seedDir ? { seedDir: options.seedDir } : {}),
      });
    const registry = options.registry ?? createRetailRegistry();
    const logger = options.logger ?? pino({ level: 'silent' });
    const executor = new Executor({
      registry,
      store,
      shop,
      runtime,
      logger,
      onEvent: (event) => {
        options.onEvent?.(event);
        for (const listener of listeners) listener(event);
      },
    });
    const planner = createPlanner({
      env,
      registry,
      clock: runtime.clock,
      ids: runtime.ids,
      recorder: store,
      ...(options.planner ? { override: options.planner } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const agent = new Agent({
      planner,
      executor,
      shop,
      confidenceThreshold: confidenceThresholdFromEnv(env),
    });
    const confirmWrites = env.KEEL_CONFIRM_WRITES
      ? env.KEEL_CONFIRM_WRITES !== '0'
      : (options.confirmWrites ?? true);
    const conversationStore = new ConversationStore(db);
    const conversations = new Conversations({
      agent,
      store: conversationStore,
      shop,
      runtime,
      confirmWrites,
      ...(options.observer ? { observer: options.observer } : {}),
    });
    const decide = async (escalationId: string, request: DecisionRequest) => {
      const result = await executor.decide(escalationId, request);
      if (result.applied) conversations.postOutcome(result, request);
      return result;
    };
    const recover = async (): Promise<Recovery> => {
      const owed = conversationStore.unansweredWorkflows(openedAt);
      const resumed = await executor.recover();
      for (const result of resumed)
        if (!RESUMABLE_STATUSES.includes(result.workflow.status)) conversations.postOutcome(result);
      const repliedLate = owed.filter((id) => conversations.postOutcome(executor.inspect(id)) !== null);
      return { resumed, repliedLate };
    };
    return {
      db,
      store,
      shop,
      registry,
      executor,
      planner,
      agent,
      conversations,
      decide,
      recover,
      subscribe: (listener: (event: NewEvent) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      runtime,
      close: () => db.open && db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
