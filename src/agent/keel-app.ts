import type { Logger } from 'pino';
import pino from 'pino';
import { ConfigError } from '../errors.js';
import { createPlanner } from '../planner/create-planner.js';
import type { LlmConfig } from '../planner/llm-config.js';
import { LlmPlanner } from '../planner/llm-planner.js';
import { ModelHealth } from '../planner/model-health.js';
import type { Planner } from '../planner/planner.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import { type ChangeFeed, LocalChangeFeed } from '../store/change-feed.js';
import type { SqliteDatabase, SynchronousLevel } from '../store/database.js';
import type { NewEvent, Store } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { ConversationObserver } from './conversation.js';
import { createAgent, type KeelAgent } from './create-agent.js';
import type { Domain } from './domain.js';
import { type KeelStore, openKeelStore } from './keel-store.js';

/** What a domain may be built over when keel opens: its database and runtime. */
export interface DomainWiring {
  db: SqliteDatabase;
  runtime: Runtime;
}

/**
 * The settings a deployment tunes, one per environment variable of the `keel` command (named on
 * each; `keelSettingsFromEnv` in src/config reads them). The engine never reads the environment.
 */
export interface KeelSettings {
  /** On keel's SQLite connection (KEEL_SQLITE_SYNCHRONOUS). @default DEFAULT_SYNCHRONOUS */
  synchronous?: SynchronousLevel;
  /** How long a workflow's lease holds without renewal (KEEL_LEASE_MS). @default DEFAULT_LEASE_MS */
  leaseMs?: number;
  /** Plans under it wait for a person (KEEL_CONFIDENCE_THRESHOLD). @default DEFAULT_CONFIDENCE_THRESHOLD */
  confidenceThreshold?: number;
  /** Ask the customer before write workflows (KEEL_CONFIRM_WRITES). @default true */
  confirmWrites?: boolean;
  /** One turn's whole model path and wait (KEEL_TURN_TIMEOUT_MS). @default DEFAULT_TURN_TIMEOUT_MS */
  turnTimeoutMs?: number;
  /** How long a write waits for the customer's yes (KEEL_PENDING_ACTION_TTL_MS). @default DEFAULT_PENDING_ACTION_TTL_MS */
  pendingActionTtlMs?: number;
  /** The model (OPENAI_API_KEY, OPENAI_BASE_URL, KEEL_MODEL, …); without it the offline planner plans. */
  llm?: LlmConfig;
}

export interface KeelAppOptions<D extends Domain = Domain> extends KeelSettings {
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
  runtime?: Partial<Runtime>;
  logger?: Logger;
  onEvent?: (event: NewEvent) => void;
  /** Forces a planner; otherwise the LLM planner when `llm` is given. */
  planner?: 'llm' | 'offline';
  /** The fetch model calls go through (tests, recording). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
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
 * The embedded setup from typed options (the adapters read the environment and pass what it
 * says): opens the SQLite store (or takes the store given), builds the domain and the planner,
 * and hands them to `createAgent`. The store is closed again when any of that fails.
 */
export function openKeel<D extends Domain>(options: KeelAppOptions<D>): KeelApp<D> {
  const runtime = keelRuntime(options.runtime);
  const opened = openKeelStore(options);
  const changes = options.changes ?? new LocalChangeFeed();
  const close = async () => {
    await changes.close();
    await opened.close();
  };
  try {
    const domain = buildDomain(options, opened, runtime);
    const logger = options.logger ?? pino({ level: 'silent' });
    const modelHealth = new ModelHealth(logger, options.llm?.source);
    const planner = buildPlanner(options, { domain, store: opened.store, runtime, modelHealth });
    const keel = createAgent({
      domain,
      store: opened.store,
      planner,
      runtime,
      logger,
      ...agentSettings(options),
    });
    return {
      ...keel,
      db: opened.db,
      registry: domain.registry,
      changes,
      runtime,
      modelHealth,
      checkModel: () => probe(planner),
      close,
    };
  } catch (error) {
    void close();
    throw error;
  }
}

/** The domain given, or built over the SQLite file keel opened. */
function buildDomain<D extends Domain>(options: KeelAppOptions<D>, opened: KeelStore, runtime: Runtime): D {
  if (typeof options.domain !== 'function') return options.domain;
  if (!opened.db)
    throw new ConfigError('openKeel on a given store takes the domain built, not a function of the database');
  return options.domain({ db: opened.db, runtime });
}

/** The LLM planner (offline as its fallback) when a model is configured, else the offline one. */
function buildPlanner<D extends Domain>(
  options: KeelAppOptions<D>,
  parts: { domain: D; store: Store; runtime: Runtime; modelHealth: ModelHealth },
): Planner {
  const { domain, runtime } = parts;
  return createPlanner({
    llm: options.llm,
    registry: domain.registry,
    domain,
    clock: runtime.clock,
    ids: runtime.ids,
    sleep: runtime.sleep,
    random: runtime.random,
    recorder: parts.store,
    observer: parts.modelHealth,
    turnTimeoutMs: options.turnTimeoutMs,
    ...(options.planner ? { override: options.planner } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** What `createAgent` takes from the options: the settings given, the hooks set. */
function agentSettings(options: KeelAppOptions<Domain>) {
  return {
    ...(options.confidenceThreshold === undefined
      ? {}
      : { confidenceThreshold: options.confidenceThreshold }),
    ...(options.confirmWrites === undefined ? {} : { confirmWrites: options.confirmWrites }),
    ...(options.turnTimeoutMs ? { turnTimeoutMs: options.turnTimeoutMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.pendingActionTtlMs ? { pendingActionTtlMs: options.pendingActionTtlMs } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  };
}

async function probe(planner: Planner): Promise<void> {
  if (!(planner instanceof LlmPlanner))
    throw new ConfigError('checkModel needs the LLM planner: configure a model (llm)');
  await planner.probe();
}
