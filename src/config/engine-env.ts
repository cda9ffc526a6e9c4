/**
 * The environment, read in one place for the composition roots (the `keel` command, the HTTP
 * service, retail's `openRetailKeel`): each variable parsed into the typed option the engine
 * takes, a bad value stopping the start with a `ConfigError` that names it. The engine itself
 * (src/agent, src/planner, src/store, src/tools) never reads the environment. src/config may
 * import the engine's types and defaults, never a domain, an adapter or a test double.
 */
import type { KeelSettings } from '../agent/keel-app.js';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../defaults.js';
import { ConfigError } from '../errors.js';
import { SYNCHRONOUS_LEVELS, type SynchronousLevel } from '../store/database.js';
import { envFlag } from './env-flag.js';
import { llmConfigFromEnv, turnTimeoutFromEnv } from './llm-env.js';

type Env = Record<string, string | undefined>;

/**
 * The engine's settings the environment sets, one per variable; variables left unset are left
 * out, so the caller's options (or the engine's defaults) hold for them.
 */
export function keelSettingsFromEnv(env: Env): KeelSettings {
  const settings: KeelSettings = {};
  const synchronous = synchronousFromEnv(env.KEEL_SQLITE_SYNCHRONOUS);
  if (synchronous) settings.synchronous = synchronous;
  const leaseMs = leaseMsFromEnv(env);
  if (leaseMs) settings.leaseMs = leaseMs;
  const pendingActionTtlMs = pendingActionTtlFromEnv(env);
  if (pendingActionTtlMs) settings.pendingActionTtlMs = pendingActionTtlMs;
  if (env.KEEL_CONFIDENCE_THRESHOLD) settings.confidenceThreshold = confidenceThresholdFromEnv(env);
  if (env.KEEL_CONFIRM_WRITES?.trim()) settings.confirmWrites = envFlag(env, 'KEEL_CONFIRM_WRITES', true);
  if (env.KEEL_TURN_TIMEOUT_MS) settings.turnTimeoutMs = turnTimeoutFromEnv(env);
  const llm = llmConfigFromEnv(env);
  if (llm) settings.llm = llm;
  return settings;
}

/** KEEL_SQLITE_SYNCHRONOUS, e.g. `NORMAL`, any case; unset means the default. */
export function synchronousFromEnv(value: string | undefined): SynchronousLevel | undefined {
  if (value === undefined || value === '') return undefined;
  const upper = value.toUpperCase();
  if (!(SYNCHRONOUS_LEVELS as readonly string[]).includes(upper)) {
    throw new ConfigError(
      `KEEL_SQLITE_SYNCHRONOUS must be one of ${SYNCHRONOUS_LEVELS.join(', ')}, got "${value}"`,
    );
  }
  return upper as SynchronousLevel;
}

/** `KEEL_PENDING_ACTION_TTL_MS`: whole milliseconds, at least 1000; unset means the default. */
export function pendingActionTtlFromEnv(env: Env): number | undefined {
  return wholeSecondsOrMore(env, 'KEEL_PENDING_ACTION_TTL_MS');
}

/** KEEL_LEASE_MS: a whole number of milliseconds, at least 1000; unset means the default. */
export function leaseMsFromEnv(env: Env): number | undefined {
  return wholeSecondsOrMore(env, 'KEEL_LEASE_MS');
}

/** A duration in whole milliseconds of at least a second; unset (or blank) means the default. */
function wholeSecondsOrMore(env: Env, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1000)
    throw new ConfigError(`${name} must be a whole number of milliseconds, at least 1000, got "${text}"`);
  return value;
}

/** KEEL_CONFIDENCE_THRESHOLD, a number in [0, 1]. @default DEFAULT_CONFIDENCE_THRESHOLD */
export function confidenceThresholdFromEnv(env: Env): number {
  const raw = env.KEEL_CONFIDENCE_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_CONFIDENCE_THRESHOLD;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigError(`KEEL_CONFIDENCE_THRESHOLD must be a number between 0 and 1, got "${raw}"`);
  }
  return value;
}
