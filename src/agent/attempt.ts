import { PermanentToolError, RetryableToolError, StepTimeoutError, ToolError } from '../errors.js';
import type { Sleep } from '../runtime.js';
import type { Tool, ToolContext } from '../tools/tool.js';

export type AttemptResult = { ok: true; output: Record<string, unknown> } | { ok: false; error: ToolError };

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * Runs one attempt of a tool under a deadline. The tool gets an AbortSignal that fires at the
 * deadline (or when `outer` aborts); whatever it returns after that is discarded.
 */
export async function runAttempt(
  tool: Tool,
  input: unknown,
  ctx: Omit<ToolContext<unknown>, 'signal'>,
  options: { timeoutMs: number; sleep: Sleep; outer?: AbortSignal | undefined },
): Promise<AttemptResult> {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  // Forwarded by a listener rather than AbortSignal.any, which is slow and, on Node 20, keeps
  // every derived signal alive as long as the long-lived outer one (nodejs/node#55351).
  const outer = options.outer;
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const timedOut = options.sleep(options.timeoutMs, stopTimer.signal).then(
    () => {
      const error = new StepTimeoutError(tool.name, options.timeoutMs);
      controller.abort(error);
      return { ok: false, error } as const;
    },
    // The attempt finished first and cancelled the timer; this branch never wins the race.
    () => new Promise<never>(() => {}),
  );
  const running = tool.run(input, { ...ctx, signal: controller.signal }).then(
    (output): AttemptResult => ({ ok: true, output }),
    (error: unknown): AttemptResult => ({
      ok: false,
      error: classifyError(error, tool.name, ctx.clock.now()),
    }),
  );
  try {
    return await Promise.race([running, timedOut]);
  } finally {
    // A shared reason: aborting without one builds a DOMException with a stack every attempt.
    stopTimer.abort(ATTEMPT_FINISHED);
    outer?.removeEventListener('abort', forward);
  }
}

const ATTEMPT_FINISHED = new Error('attempt finished');

/**
 * Maps anything a tool throws to a ToolError. Tool errors keep their kind; HTTP 408/429/5xx and
 * network failures are retryable; anything else is a bug in the tool and is not retried.
 */
export function classifyError(error: unknown, toolName: string, now: Date = new Date(0)): ToolError {
  if (error instanceof ToolError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number' && RETRYABLE_STATUS(status)) {
    return new RetryableToolError(`Tool "${toolName}" got HTTP ${status}: ${message}`, {
      cause: error,
      details: { status },
      ...retryAfter(error, now),
    });
  }
  if (
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (error instanceof TypeError && message === 'fetch failed')
  ) {
    return new RetryableToolError(`Tool "${toolName}" lost its connection: ${message}`, { cause: error });
  }
  return new PermanentToolError(`Tool "${toolName}" failed: ${message}`, {
    cause: error,
    details: { unexpected: true },
  });
}

function retryAfter(error: unknown, now: Date): { retryAfterMs?: number } {
  const headers = (error as { headers?: unknown }).headers;
  const value = headers instanceof Headers ? headers.get('retry-after') : undefined;
  if (!value) return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return { retryAfterMs: seconds * 1000 };
  const date = Date.parse(value);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - now.getTime()) };
}
