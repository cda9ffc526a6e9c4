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

/**
 * How long a workflow's lease holds without renewal. The executor renews it at every step boundary
 * and before every retry once half of it has passed, so another instance takes a workflow over
 * this long after its executor stopped (died, lost its database). A single attempt, with the retry
 * wait before it, should end within half of it.
 */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * How often a message waits to see whether the turn before it on its conversation (on another
 * instance) has ended. Within one instance turns are queued in memory and never wait on this.
 */
export const TURN_POLL_MS = 50;

/** The model the LLM planner asks when KEEL_MODEL is not set. */
export const DEFAULT_MODEL = 'gpt-4o-mini';
/** One model call may take this long before it counts as a timeout (less when the turn has less left). */
export const DEFAULT_LLM_TIMEOUT_MS = 15_000;
/** keel's own retries of a model call (408/409/429/5xx, connection errors, timeouts), so 3 attempts in all. */
export const DEFAULT_LLM_MAX_RETRIES = 2;
/** First wait before retrying a model call; each later one doubles, up to the cap, less jitter. */
export const DEFAULT_LLM_BACKOFF_BASE_MS = 500;
/** No wait between model calls is longer than this unless the provider's `Retry-After` asks for it. */
export const DEFAULT_LLM_BACKOFF_CAP_MS = 8_000;
/**
 * The whole model path of one customer turn (every call, retry and repair, and the checks before
 * asking the customer) ends within this; then the offline planner (or a person) answers.
 */
export const DEFAULT_TURN_TIMEOUT_MS = 20_000;
/**
 * A turn waits at least this long for its steps, even when planning used the turn up, so a
 * quick workflow after a slow model still answers with its outcome rather than "in progress".
 */
export const MIN_STEP_WAIT_MS = 2_000;
/** Sent as `max_completion_tokens` on every call; a plan of MAX_PLAN_STEPS steps fits well inside. */
export const DEFAULT_MAX_COMPLETION_TOKENS = 2_000;
/**
 * A model response body longer than this is a model failure, read no further and never sent back
 * (some OpenAI-compatible servers ignore `max_completion_tokens`). Logprobs make a body ~10x its text.
 */
export const MAX_MODEL_RESPONSE_BYTES = 1_000_000;
/** Times a model may correct an invalid plan before the turn goes to a human. */
export const DEFAULT_MAX_REPAIRS = 2;
/** Plans below this confidence wait for a human instead of running. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.8;
/**
 * How long a write waits for the customer's yes (a pending action). A yes after it runs nothing:
 * the write is checked against the shop again and offered anew.
 */
export const DEFAULT_PENDING_ACTION_TTL_MS = 30 * 60_000;
/** Longest customer message accepted; longer ones are refused as bad input, not truncated. */
export const MAX_MESSAGE_CHARS = 4_000;
/**
 * Longest answer to a pending action read in full. A plain yes is a few words; a longer answer is
 * read for what else it says (a question, a correction), but never as a yes.
 */
export const CONSENT_MAX_CHARS = 280;
