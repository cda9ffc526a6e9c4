import type { Logger } from 'pino';
import pino from 'pino';
import { DEFAULT_SYNCHRONOUS } from '../defaults.js';
import { envFlag } from '../env-flag.js';
import { ConfigError } from '../errors.js';
import { confidenceThresholdFromEnv, createPlanner } from '../planner/create-planner.js';
import { turnTimeoutFromEnv } from '../planner/llm-config.js';
import { LlmPlanner } from '../planner/llm-planner.js';
import { ModelHealth } from '../planner/model-health.js';
import type { Planner } from '../planner/planner.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import { openDatabase, type SqliteDatabase, synchronousFromEnv } from '../store/database.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { NewEvent, Store } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { Agent } from './agent.js';
import { type ConversationObserver, Conversations } from './conversation.js';
import type { Domain } from './domain.js';
import { type DecisionRequest, Executor, type WorkflowResult } from './executor.js';
import { leaseMsFromEnv } from './lease.js';
import { replyForDomain } from './reply.js';

/** What a domain may be built over when keel opens: its database, runtime and environment. */
export interface DomainWiring {
  db: SqliteDatabase;
  runtime: Runtime;
  env: Record<string, string | undefined>;
}

export interface KeelAppOptions<D extends Domain = Domain> {
  /** SQLite file for workflows (and whatever the domain keeps there), or `:memory:`. */
  dbPath?: string;
  /**
   * A store the caller opened instead of a SQLite file (e.g. `PgStore`); the app closes it. Give
   * exactly one of `dbPath` and `store`; with `store`, `domain` is given built.
   */
  store?: Store;
  /**
   * The domain served, or a function that builds it once the database is open (retail's sandbox
   * shop lives in the same SQLite file).
   */
  domain: D | ((wiring: DomainWiring) => D);
  /** Read for KEEL_SQLITE_SYNCHRONOUS, KEEL_LEASE_MS, KEEL_CONFIDENCE_THRESHOLD, KEEL_CONFIRM_WRITES, the model. */
  env?: Record<string, string | undefined>;
  runtime?: Partial<Runtime>;
  logger?: Logger;
  onEvent?: (event: NewEvent) => void;
  /** Forces a planner; otherwise the LLM planner when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  planner?: 'llm' | 'offline';
  /** The fetch model calls go through (tests, recording). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Ask the customer before write workflows; KEEL_CONFIRM_WRITES (any flag spelling, see `envFlag`) overrides. @default true */
  confirmWrites?: boolean;
  /** Told about every conversation turn and decision (recording). */
  observer?: ConversationObserver;
}

/** Everything a keel process works with, wired on the embedded defaults. */
export interface KeelApp<D extends Domain = Domain> {
  /** The SQLite connection; null when the app runs on a store it was given (PostgreSQL). */
  db: SqliteDatabase | null;
  store: Store;
  domain: D;
  /** The domain's registry. */
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
  /** Misconfiguration of the model (401/403/404, not a completions API), for `/healthz`. */
  modelHealth: ModelHealth;
  /** One probe call to the model (`keel serve --check-model`); throws what went wrong. */
  checkModel(): Promise<void>;
  /** Closes the store (a SQLite file is closed before this returns its promise). */
  close(): Promise<void>;
}

/** What `KeelApp.recover` did. */
export interface Recovery {
  /** Workflows resumed from their last checkpoint. */
  resumed: WorkflowResult[];
  /** Workflows that had settled before the crash and whose reply was posted only now. */
  repliedLate: string[];
}

/** The runtime an app runs on: the system's, with the caller's parts. */
export function keelRuntime(parts: Partial<Runtime> = {}): Runtime {
  return { ...systemRuntime(), ...parts };
}

/**
 * Opens the store on a SQLite file (or takes the store given), builds the domain, and wires
 * executor, planner and agent over them.
 */
export function openKeel<D extends Domain>(options: KeelAppOptions<D>): KeelApp<D> {
  const env = options.env ?? {};
  const runtime = keelRuntime(options.runtime);
  const listeners = new Set<(event: NewEvent) => void>();
  // Replies of workflows that settle after this instant are posted by this process's own turns.
  const openedAt = runtime.clock.now().toISOString();
  if ((options.dbPath === undefined) === (options.store === undefined))
    throw new ConfigError('openKeel needs exactly one of dbPath (a SQLite file) and store');
  const db =
    options.dbPath === undefined
      ? null
      : openDatabase(options.dbPath, {
          synchronous: synchronousFromEnv(env.KEEL_SQLITE_SYNCHRONOUS) ?? DEFAULT_SYNCHRONOUS,
        });
  const closeStore = async () => {
    if (db) db.open && db.close();
    else await options.store?.close();
  };
  try {
    const store: Store = db ? new SqliteStore(db) : (options.store as Store);
    if (!db && typeof options.domain === 'function')
      throw new ConfigError(
        'openKeel on a given store takes the domain built, not a function of the database',
      );
    const domain =
      typeof options.domain === 'function'
        ? options.domain({ db: db as SqliteDatabase, runtime, env })
        : options.domain;
    const { registry } = domain;
    const logger = options.logger ?? pino({ level: 'silent' });
    const leaseMs = leaseMsFromEnv(env);
    const executor = new Executor({
      registry,
      store,
      ...(leaseMs ? { leaseMs } : {}),
      ports: domain.ports,
      runtime,
      logger,
      replyFor: replyForDomain(domain),
      onEvent: (event) => {
        options.onEvent?.(event);
        for (const listener of listeners) listener(event);
      },
    });
    const modelHealth = new ModelHealth(logger);
    const planner = createPlanner({
      env,
      registry,
      domain,
      clock: runtime.clock,
      ids: runtime.ids,
      sleep: runtime.sleep,
      random: runtime.random,
      recorder: store,
      observer: modelHealth,
      ...(options.planner ? { override: options.planner } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const agent = new Agent({
      planner,
      executor,
      domain,
      confidenceThreshold: confidenceThresholdFromEnv(env),
    });
    const confirmWrites = envFlag(env, 'KEEL_CONFIRM_WRITES', options.confirmWrites ?? true);
    const conversations = new Conversations({
      agent,
      store,
      domain,
      runtime,
      workflows: {
        listWorkflows: (filter) => store.listWorkflows(filter),
        inspect: (id) => executor.inspect(id),
      },
      confirmWrites,
      turnTimeoutMs: turnTimeoutFromEnv(env),
      onLateError: (error) => logger.error({ err: error }, 'a workflow that outlasted its turn failed'),
      ...(options.observer ? { observer: options.observer } : {}),
    });
    const decide = async (escalationId: string, request: DecisionRequest) => {
      const result = await executor.decide(escalationId, request);
      if (result.applied) await conversations.decided(result, request);
      return result;
    };
    const recover = async (): Promise<Recovery> => {
      // Resumed workflows reply with the change that settles them; a database written by a keel
      // from before that may still owe replies, posted here.
      const owed = await store.unansweredWorkflows(openedAt);
      const resumed = await executor.recover();
      const repliedLate: string[] = [];
      for (const id of owed)
        if ((await conversations.postOutcome(await executor.inspect(id))) !== null) repliedLate.push(id);
      return { resumed, repliedLate };
    };
    return {
      db,
      store,
      domain,
      registry,
      executor,
      planner,
      agent,
      conversations,
      decide,
      modelHealth,
      checkModel: async () => {
        if (!(planner instanceof LlmPlanner))
          throw new ConfigError('--check-model needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL');
        await planner.probe();
      },
      recover,
      subscribe: (listener: (event: NewEvent) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      runtime,
      close: closeStore,
    };
  } catch (error) {
    void closeStore();
    throw error;
  }
}
