/** Behaviour-changing defaults, in one place. Option docs refer to these by name. */

/** Attempts per step, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** First retry delay; each later one doubles, up to the cap. */
export const DEFAULT_BACKOFF_BASE_MS = 250;
/** No retry waits longer than this, whatever the attempt number. */
export const DEFAULT_BACKOFF_CAP_MS = 10_000;
/** Share of a delay that jitter may remove (full jitter would be 1). */
export const DEFAULT_JITTER = 0.25;
/** A `Retry-After` longer than this is clamped, so a remote system cannot park a workflow forever. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** How long one attempt of a tool may run. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
/** Steps in one plan; a longer plan is rejected by validation. */
export const MAX_PLAN_STEPS = 20;

/**
 * SQLite `synchronous` level set on every connection. FULL survives power loss as well as a killed
 * process; NORMAL survives a killed process only and is cheaper (see README "Durability").
 */
export const DEFAULT_SYNCHRONOUS = 'FULL';

/** The model the LLM planner asks when KEEL_MODEL is not set. */
export const DEFAULT_MODEL = 'gpt-4o-mini';
/** One model call may take this long before it counts as a timeout. */
export const DEFAULT_LLM_TIMEOUT_MS = 30_000;
/** SDK-level retries of a model call (408/409/429/5xx, connection errors), so 3 attempts in all. */
export const DEFAULT_LLM_MAX_RETRIES = 2;
/** Times a model may correct an invalid plan before the turn goes to a human. */
export const DEFAULT_MAX_REPAIRS = 2;
/** Plans below this confidence wait for a human instead of running. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.8;
/** Longest customer message accepted; longer ones are refused as bad input, not truncated. */
export const MAX_MESSAGE_CHARS = 4_000;
