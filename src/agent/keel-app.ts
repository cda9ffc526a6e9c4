import type { Logger } from 'pino';
import pino from 'pino';
import { DEFAULT_SYNCHRONOUS } from '../defaults.js';
import { envFlag } from '../env-flag.js';
import { ConfigError } from '../errors.js';
import { confidenceThresholdFromEnv, createPlanner } from '../planner/create-planner.js';
import { turnTimeoutFromEnv } from '../planner/llm-config.js';
import { LlmPlanner } from '../planner/llm-planner.js';
import { ModelHealth } from '../planner/model-health.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import { type ChangeFeed, LocalChangeFeed } from '../store/change-feed.js';
import { openDatabase, type SqliteDatabase, synchronousFromEnv } from '../store/database.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { NewEvent, Store } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { ConversationObserver } from './conversation.js';
import { createAgent, type KeelAgent } from './create-agent.js';
import type { Domain } from './domain.js';
import { leaseMsFromEnv } from './lease.js';

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
  /** Changes from every instance on a shared store (`PgChangeFeed`); the app closes it. @default a LocalChangeFeed */
  changes?: ChangeFeed;
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

/**
 * keel on the embedded defaults: the facade (`KeelAgent`) over a SQLite file (or a store given,
 * such as PostgreSQL), with what the adapters need besides (the connection, the model's health,
 * closing).
 */
export interface KeelApp<D extends Domain = Domain> extends KeelAgent<D> {
  /** The SQLite connection; null when the app runs on a store it was given (PostgreSQL). */
  db: SqliteDatabase | null;
  /** The domain's registry. */
  registry: ToolRegistry;
  /** What every instance on the store changes, for live views (streams) on any of them. */
  changes: ChangeFeed;
  runtime: Runtime;
  /** Misconfiguration of the model (401/403/404, not a completions API), for `/healthz`. */
  modelHealth: ModelHealth;
  /** One probe call to the model (`keel serve --check-model`); throws what went wrong. */
  checkModel(): Promise<void>;
  /** Closes the store (a SQLite file is closed before this returns its promise). */
  close(): Promise<void>;
}

export type { Recovery } from './create-agent.js';

/** The runtime an app runs on: the system's, with the caller's parts. */
export function keelRuntime(parts: Partial<Runtime> = {}): Runtime {
  return { ...systemRuntime(), ...parts };
}

/**
 * The composition root for the embedded setup: reads the environment (KEEL_SQLITE_SYNCHRONOUS, the
 * model, KEEL_CONFIDENCE_THRESHOLD, KEEL_CONFIRM_WRITES, KEEL_TURN_TIMEOUT_MS, KEEL_LEASE_MS), opens
 * the SQLite store (or takes the store given), builds the domain and the planner, and hands them
 * to `createAgent`.
 */
export function openKeel<D extends Domain>(options: KeelAppOptions<D>): KeelApp<D> {
  const env = options.env ?? {};
  const runtime = keelRuntime(options.runtime);
  if ((options.dbPath === undefined) === (options.store === undefined))
    throw new ConfigError('openKeel needs exactly one of dbPath (a SQLite file) and store');
  const db =
    options.dbPath === undefined
      ? null
      : openDatabase(options.dbPath, {
          synchronous: synchronousFromEnv(env.KEEL_SQLITE_SYNCHRONOUS) ?? DEFAULT_SYNCHRONOUS,
        });
  const changes = options.changes ?? new LocalChangeFeed();
  const closeStore = async () => {
    await changes.close();
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
    const logger = options.logger ?? pino({ level: 'silent' });
    const modelHealth = new ModelHealth(logger);
    const planner = createPlanner({
      env,
      registry: domain.registry,
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
    const keel = createAgent({
      domain,
      store,
      planner,
      runtime,
      logger,
      confidenceThreshold: confidenceThresholdFromEnv(env),
      confirmWrites: envFlag(env, 'KEEL_CONFIRM_WRITES', options.confirmWrites ?? true),
      turnTimeoutMs: turnTimeoutFromEnv(env),
      leaseMs: leaseMsFromEnv(env),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
    });
    return {
      ...keel,
      db,
      store,
      registry: domain.registry,
      changes,
      runtime,
      modelHealth,
      checkModel: async () => {
        if (!(planner instanceof LlmPlanner))
          throw new ConfigError('--check-model needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL');
        await planner.probe();
      },
      close: closeStore,
    };
  } catch (error) {
    void closeStore();
    throw error;
  }
}
