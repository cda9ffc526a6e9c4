import { type AttemptResult, classifyError } from '../src/agent/attempt.js';
import { StepTimeoutError } from '../src/errors.js';
import type { Sleep } from '../src/runtime.js';
import type { Tool, ToolContext } from '../src/tools/tool.js';

// Prototypes of src/agent/attempt.ts's runAttempt, to measure what a leaner one would cost. Not
// used by keel. Same contract: the tool's signal aborts at the deadline or when the executor aborts.

/** A sleep that rejects with the signal's own reason instead of building an AbortError. */
export const plainSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A prototype of runAttempt without AbortSignal.any, timers/promises or abort reasons built per
 * call: one controller, a plain timer, the outer signal forwarded by a listener. Same contract.
 */
export async function leanAttempt(
  tool: Tool,
  input: unknown,
  ctx: Omit<ToolContext<unknown>, 'signal'>,
  options: { timeoutMs: number; outer?: AbortSignal },
): Promise<AttemptResult> {
  const controller = new AbortController();
  const { outer } = options;
  const forward = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<AttemptResult>((resolve) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(tool.name, options.timeoutMs);
      controller.abort(error);
      resolve({ ok: false, error });
    }, options.timeoutMs);
  });
  const running = tool.run(input, { ...ctx, signal: controller.signal }).then(
    (output): AttemptResult => ({ ok: true, output }),
    (error: unknown): AttemptResult => ({ ok: false, error: classifyError(error, tool.name) }),
  );
  try {
    return await Promise.race([running, timedOut]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
  }
}

const ATTEMPT_OVER = new Error('The attempt finished before its deadline');

/**
 * A prototype that keeps the injectable Sleep (so virtual time still works): one controller, the
 * executor's abort signal forwarded by a listener instead of AbortSignal.any, the timer stopped
 * with a preallocated reason, and a sleep that rejects with that reason, not a new AbortError.
 */
export async function leanSleepAttempt(
  tool: Tool,
  input: unknown,
  ctx: Omit<ToolContext<unknown>, 'signal'>,
  options: { timeoutMs: number; sleep: Sleep; outer?: AbortSignal },
): Promise<AttemptResult> {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const { outer } = options;
  const forward = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  const timedOut = options.sleep(options.timeoutMs, stopTimer.signal).then(
    () => {
      const error = new StepTimeoutError(tool.name, options.timeoutMs);
      controller.abort(error);
      return { ok: false, error } as const;
    },
    () => new Promise<never>(() => {}),
  );
  const running = tool.run(input, { ...ctx, signal: controller.signal }).then(
    (output): AttemptResult => ({ ok: true, output }),
    (error: unknown): AttemptResult => ({ ok: false, error: classifyError(error, tool.name) }),
  );
  try {
    return await Promise.race([running, timedOut]);
  } finally {
    stopTimer.abort(ATTEMPT_OVER);
    outer?.removeEventListener('abort', forward);
  }
}
