import type { Logger } from 'pino';
import { PermanentToolError, RetryableToolError, StepTimeoutError, ToolError } from '../errors.js';
import { type Sleep, systemSleep } from '../runtime.js';
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
 * What an attempt hands its tool, but the signal; the tool's logger is a child of `log.parent`
 * with `log.bindings`, made on first read.
 */
export type AttemptContext = Omit<ToolContext<unknown>, 'signal' | 'logger'> & {
  log: { parent: Logger; bindings: Record<string, unknown> };
};

/**
 * Runs one attempt of a tool under a deadline. The tool gets an AbortSignal that fires at the
 * deadline (or when `outer` aborts); whatever it returns after that is discarded.
 *
 * Per step this is keel's hottest code, so nothing is built that the tool does not use: the
 * signal and the logger are made when the tool first reads them (a no-op or synchronous tool pays
 * for neither), and the system sleep is a plain timer, cleared directly at the end.
 */
export async function runAttempt(
  tool: Tool,
  input: unknown,
  ctx: AttemptContext,
  options: { timeoutMs: number; sleep: Sleep; outer?: AbortSignal | undefined },
): Promise<AttemptResult> {
  const abort = new AttemptAbort(options.outer);
  const deadline =
    options.sleep === systemSleep
      ? new TimerDeadline(tool.name, options.timeoutMs, abort)
      : new SleepDeadline(tool.name, options.timeoutMs, abort, options.sleep);
  const running = tool.run(input, toolContext(ctx, abort)).then(
    (output): AttemptResult => ({ ok: true, output }),
    (error: unknown): AttemptResult => ({
      ok: false,
      error: classifyError(error, tool.name, ctx.clock.now()),
    }),
  );
  try {
    return await Promise.race([running, deadline.fired]);
  } finally {
    deadline.cancel();
    abort.finish();
  }
}

/** The tool's context, its signal and logger read lazily (own getters, so a spread copies them). */
function toolContext(ctx: AttemptContext, abort: AttemptAbort): ToolContext<unknown> {
  let logger: Logger | undefined;
  return {
    workflowId: ctx.workflowId,
    stepId: ctx.stepId,
    attempt: ctx.attempt,
    idempotencyKey: ctx.idempotencyKey,
    customerId: ctx.customerId,
    context: ctx.context,
    approval: ctx.approval,
    ports: ctx.ports,
    clock: ctx.clock,
    get signal() {
      return abort.signal;
    },
    get logger() {
      logger ??= ctx.log.parent.child(ctx.log.bindings);
      return logger;
    },
  };
}

/** The attempt's deadline run out: the tool's signal aborts, and this is the attempt's result. */
function timedOut(toolName: string, ms: number, abort: AttemptAbort): AttemptResult {
  const error = new StepTimeoutError(toolName, ms);
  abort.abort(error);
  return { ok: false, error };
}

// Classes rather than closures: a closure per attempt costs more than it looks under a loader
// that names every function it creates (tsx, which the bench runs the sources with).

/** The system sleep's deadline: one timer, cleared when the attempt ends first. */
class TimerDeadline {
  /** Resolves with the timeout's result; never settles once cancelled. */
  readonly fired: Promise<AttemptResult>;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(toolName: string, ms: number, abort: AttemptAbort) {
    this.fired = new Promise<AttemptResult>((resolve) => {
      this.#timer = setTimeout(() => resolve(timedOut(toolName, ms, abort)), ms);
    });
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }
}

/** Any other sleep (virtual time in tests), cancelled through its signal. */
class SleepDeadline {
  readonly fired: Promise<AttemptResult>;
  readonly #stop = new AbortController();

  constructor(toolName: string, ms: number, abort: AttemptAbort, sleep: Sleep) {
    this.fired = sleep(ms, this.#stop.signal).then(
      () => timedOut(toolName, ms, abort),
      // The attempt finished first and cancelled the sleep; this branch never wins the race.
      () => new Promise<never>(() => {}),
    );
  }

  cancel(): void {
    // A shared reason: aborting without one builds a DOMException with a stack every attempt.
    this.#stop.abort(ATTEMPT_FINISHED);
  }
}

const ATTEMPT_FINISHED = new Error('attempt finished');

/**
 * The abort of one attempt: by its deadline, or by `outer` (the executor's hard stop). Its
 * AbortSignal is made only when the tool reads it; the outer signal is forwarded by a listener
 * (not AbortSignal.any, which is slow and, on Node 20, keeps every derived signal alive as long as
 * the long-lived outer one: nodejs/node#55351), added with the signal and removed when the attempt
 * ends. A signal made late starts in the state an eager one would be in.
 */
class AttemptAbort {
  readonly #outer: AbortSignal | undefined;
  #controller: AbortController | undefined;
  #forward: (() => void) | undefined;
  #reason: { value: unknown } | undefined;
  #finished = false;

  constructor(outer: AbortSignal | undefined) {
    this.#outer = outer;
  }

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    const outer = this.#outer;
    if (this.#reason) controller.abort(this.#reason.value);
    else if (this.#finished) return controller.signal;
    else if (outer?.aborted) controller.abort(outer.reason);
    else if (outer) {
      this.#forward = () => controller.abort(outer.reason);
      outer.addEventListener('abort', this.#forward, { once: true });
    }
    return controller.signal;
  }

  /** The first reason wins, as with one controller: an outer abort before the deadline is kept. */
  abort(reason: unknown): void {
    if (this.#reason) return;
    if (this.#controller) {
      this.#controller.abort(reason);
      this.#reason = { value: this.#controller.signal.reason };
      return;
    }
    const outer = this.#outer;
    this.#reason = { value: outer?.aborted ? outer.reason : reason };
  }

  /** The attempt is over: the outer signal no longer reaches it. */
  finish(): void {
    this.#finished = true;
    const outer = this.#outer;
    if (!this.#controller && !this.#reason && outer?.aborted) this.#reason = { value: outer.reason };
    if (this.#forward) this.#outer?.removeEventListener('abort', this.#forward);
  }
}

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
