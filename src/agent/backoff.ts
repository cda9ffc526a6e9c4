import {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_JITTER,
  DEFAULT_MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
} from '../defaults.js';
import type { Random } from '../runtime.js';
import type { RetryPolicy } from '../tools/tool.js';

/** Fills a tool's partial policy with the defaults. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxAttempts: partial.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    baseDelayMs: partial.baseDelayMs ?? DEFAULT_BACKOFF_BASE_MS,
    maxDelayMs: partial.maxDelayMs ?? DEFAULT_BACKOFF_CAP_MS,
    jitter: partial.jitter ?? DEFAULT_JITTER,
  };
}

/**
 * The wait before attempt `failedAttempt + 1`: exponential from the base, capped, with part of it
 * removed at random so that many workflows failing together do not retry in lockstep. A delay the
 * remote system asked for wins when it is longer, up to MAX_RETRY_AFTER_MS.
 */
export function backoffDelay(
  policy: RetryPolicy,
  failedAttempt: number,
  random: Random,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = Math.round(exponential * (1 - policy.jitter * random()));
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= 0) return jittered;
  return Math.max(jittered, Math.min(Math.ceil(retryAfterMs), MAX_RETRY_AFTER_MS));
}
