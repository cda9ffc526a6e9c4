import { DEFAULT_JITTER, DEFAULT_LLM_BACKOFF_BASE_MS, DEFAULT_LLM_BACKOFF_CAP_MS } from '../defaults.js';
import type { ModelFailureKind } from '../errors.js';
import type { Random } from '../runtime.js';

/** Failures worth another attempt: the provider or the network may recover within the turn. */
export function isRetryable(kind: ModelFailureKind): boolean {
  return kind === 'timeout' || kind === 'rate_limited' || kind === 'server' || kind === 'connection';
}

/**
 * How long to wait before attempt `attempt + 1`: what the provider asked for (`retry-after-ms`,
 * then `retry-after` in seconds or as a date), else capped exponential backoff less up to
 * DEFAULT_JITTER of it. The caller compares it with the time left in the turn.
 */
export function retryDelayMs(attempt: number, headers: Headers | null, now: Date, random: Random): number {
  const asked = headers ? retryAfterMs(headers, now) : null;
  if (asked !== null) return asked;
  const backoff = Math.min(DEFAULT_LLM_BACKOFF_BASE_MS * 2 ** attempt, DEFAULT_LLM_BACKOFF_CAP_MS);
  return Math.round(backoff * (1 - DEFAULT_JITTER * random()));
}

/** The provider's own wait, in milliseconds, or null when it named none (or nonsense). */
export function retryAfterMs(headers: Headers, now: Date): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (raw === null) return null;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
