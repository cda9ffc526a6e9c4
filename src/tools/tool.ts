/**
 * `src/tools`: the generic tool kit every domain builds on: `defineTool` (here), the registry,
 * tool error kinds and the context a tool runs with, generic over the domain's ports. It may
 * import the shared top-level modules (`errors.ts`, `runtime.ts`) and nothing above it.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors.js';
import type { Clock } from '../runtime.js';
import { checkMoney, type MoneyBound, type MoneyMove, type MoneyTotals } from './money.js';

/** How a step is retried when it fails with a retryable error. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default DEFAULT_MAX_ATTEMPTS */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time. @default DEFAULT_BACKOFF_BASE_MS */
  baseDelayMs: number;
  /** Upper bound for any one delay. @default DEFAULT_BACKOFF_CAP_MS */
  maxDelayMs: number;
  /** Share of each delay removed at random, 0..1. @default DEFAULT_JITTER */
  jitter: number;
}

/** A human's decision that lets an escalated or gated step go ahead. */
export interface HumanApproval {
  escalationId: string;
  decidedBy: string;
  note: string | null;
}

/**
 * What a tool gets besides its input. Nothing here is read from globals. `Ports` are the domain's
 * connections to the systems its tools act on (retail's is `{ shop }`); the engine only passes
 * them through.
 */
export interface ToolContext<Reads = Record<string, unknown>, Ports = unknown> {
  workflowId: string;
  stepId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** `workflowId:stepId`, stable across retries, resumes and restarts; hand it to every write. */
  idempotencyKey: string;
  /** Aborted when the attempt times out or the process drains; pass it to every call. */
  signal: AbortSignal;
  /** The authenticated customer; never taken from the model or the message. */
  customerId: string;
  /** What earlier steps wrote that this tool declared in `reads`. */
  context: Reads;
  /** Set when a human approved this step after an escalation or an approval gate. */
  approval: HumanApproval | null;
  /** The domain's ports, as the domain was created with them. */
  ports: Ports;
  clock: Clock;
  logger: Logger;
}

/** What `approval` sees: the parsed input, the values the tool reads, and the whole plan's money. */
export interface ApprovalInput<Input, Reads> {
  input: Input;
  context: Reads;
  customerId: string;
  /**
   * What the whole plan moves, by kind: the money steps already done plus this one and every later
   * one whose amount the context already tells. A limit judged on this sees two refunds as one sum.
   */
  planMoney: MoneyTotals;
}

type Shape = z.ZodRawShape;

/** The definition a tool author writes; see `defineTool`. */
export interface ToolSpec<I extends z.ZodObject, R extends Shape, W extends Shape, Ports = unknown> {
  /** snake_case verb_noun, unique in a registry, e.g. `lookup_order`. */
  name: string;
  /** Written for the model: what the tool does and when to use it. */
  description: string;
  /** What the plan supplies, validated before anything runs. */
  input: I;
  /** Context keys earlier steps must have written; optional keys may be absent. @default {} */
  reads?: R;
  /** What this tool adds to the workflow context; its result is validated against it. @default {} */
  writes?: W;
  /** Whether the tool changes anything outside keel. Write tools must be idempotent by key. */
  effect: 'read' | 'write';
  /** A non-critical step's failure degrades the workflow instead of failing it. @default true */
  critical?: boolean;
  /** Partial policy; missing fields take the defaults. */
  retry?: Partial<RetryPolicy>;
  /** @default DEFAULT_STEP_TIMEOUT_MS */
  timeoutMs?: number;
  /**
   * The tool that undoes this one when a later critical step fails for good. It receives this
   * step's args merged with its result, parsed by its own input schema.
   */
  compensate?: string;
  /** Tools that must appear earlier in any valid plan that uses this one. @default [] */
  requires?: string[];
  /** Returns a reason when a human must approve the step before it runs, otherwise null. */
  approval?: (args: ApprovalInput<z.infer<I>, z.infer<z.ZodObject<R>>>) => string | null;
  /** False for tools only the executor calls, such as compensations. @default true */
  plannable?: boolean;
  /** A write tool may appear more than once in one plan only when it says so. @default false */
  repeatable?: boolean;
  /**
   * Set on a write that moves money. A plan may use it only after a check that `bounds` the same
   * kind, and the executor refuses it, before it runs, when the workflow's total would pass that bound.
   */
  money?: MoneyMove<z.infer<I>, z.infer<z.ZodObject<R>>>;
  /** Set on a check that computes how much money of one kind the plan may move. */
  bounds?: MoneyBound<z.infer<z.ZodObject<W>>>;
  /**
   * For a write with a compensation: looks up what an attempt sent with `ctx.idempotencyKey` did,
   * as the result `run` would have returned, or null when none took effect; it changes nothing.
   * A step that failed for good may still have taken effect (its answer was lost): keel recalls
   * it and undoes what it finds. Without `recall` such a step goes to a person to check.
   */
  recall?(ctx: ToolContext<z.infer<z.ZodObject<R>>, Ports>): Promise<z.infer<z.ZodObject<W>> | null>;
  run(input: z.infer<I>, ctx: ToolContext<z.infer<z.ZodObject<R>>, Ports>): Promise<z.infer<z.ZodObject<W>>>;
}

/** A validated tool, as the registry and the executor hold it. */
export interface Tool {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodObject;
  readonly reads: z.ZodObject;
  readonly writes: z.ZodObject;
  readonly effect: 'read' | 'write';
  readonly critical: boolean;
  readonly retry: Partial<RetryPolicy>;
  readonly timeoutMs: number | undefined;
  readonly compensate: string | undefined;
  readonly requires: readonly string[];
  readonly plannable: boolean;
  readonly repeatable: boolean;
  readonly money: MoneyMove<unknown, unknown> | undefined;
  readonly bounds: MoneyBound<Record<string, unknown>> | undefined;
  readonly recall:
    | ((ctx: ToolContext<unknown, unknown>) => Promise<Record<string, unknown> | null>)
    | undefined;
  approval(args: ApprovalInput<unknown, unknown>): string | null;
  run(input: unknown, ctx: ToolContext<unknown, unknown>): Promise<Record<string, unknown>>;
}

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/**
 * Defines a tool and checks the definition at once, so a mistake surfaces when the module loads,
 * not when a customer's plan first uses it. `ctx.ports` is `unknown` here; a domain's tools use
 * `toolsFor<Ports>()` to have them typed.
 */
export function defineTool<
  I extends z.ZodObject,
  R extends Shape = Record<never, never>,
  W extends Shape = Record<never, never>,
  Ports = unknown,
>(spec: ToolSpec<I, R, W, Ports>): Tool {
  const fail = (problem: string): never => {
    throw new ToolDefinitionError(spec.name ?? '(unnamed)', problem);
  };
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) {
    fail('name must be snake_case verb_noun, e.g. "lookup_order"');
  }
  if (typeof spec.description !== 'string' || spec.description.trim().length < 10) {
    fail('description must say, in a sentence, what the tool does');
  }
  if (!(spec.input instanceof z.ZodObject)) fail('input must be a zod object schema');
  if (spec.effect !== 'read' && spec.effect !== 'write') fail('effect must be "read" or "write"');
  if (spec.timeoutMs !== undefined && !(Number.isInteger(spec.timeoutMs) && spec.timeoutMs > 0)) {
    fail('timeoutMs must be a positive integer');
  }
  checkRetry(spec.retry ?? {}, fail);
  if (spec.compensate !== undefined && spec.effect !== 'write') fail('only write tools can be compensated');
  if (spec.compensate === spec.name) fail('a tool cannot compensate itself');
  if (spec.requires?.includes(spec.name)) fail('a tool cannot require itself');
  if (typeof spec.run !== 'function') fail('run must be a function');
  checkMoney(spec, fail);
  if (spec.recall !== undefined && typeof spec.recall !== 'function') fail('recall must be a function');
  if (spec.recall !== undefined && spec.effect !== 'write') fail('only write tools can recall an effect');
  const writes = z.object(spec.writes ?? {});
  const reads = z.object(spec.reads ?? {});
  const clash = Object.keys(spec.reads ?? {}).find((key) => key in (spec.writes ?? {}));
  if (clash) fail(`"${clash}" is both read and written; context keys are written once`);
  const approval = spec.approval;
  const recall = spec.recall;
  return Object.freeze({
    name: spec.name,
    description: spec.description,
    input: spec.input,
    reads,
    writes,
    effect: spec.effect,
    critical: spec.critical ?? true,
    retry: { ...spec.retry },
    timeoutMs: spec.timeoutMs,
    compensate: spec.compensate,
    requires: Object.freeze([...(spec.requires ?? [])]),
    plannable: spec.plannable ?? true,
    repeatable: spec.repeatable ?? false,
    money: spec.money as MoneyMove<unknown, unknown> | undefined,
    bounds: spec.bounds as MoneyBound<Record<string, unknown>> | undefined,
    recall: recall
      ? (ctx: ToolContext<unknown, unknown>) =>
          recall.call(spec, ctx as ToolContext<z.infer<z.ZodObject<R>>, Ports>)
      : undefined,
    approval: (args: ApprovalInput<unknown, unknown>) =>
      approval ? approval(args as Parameters<typeof approval>[0]) : null,
    run: (input: unknown, ctx: ToolContext<unknown, unknown>) =>
      spec.run(input as z.infer<I>, ctx as ToolContext<z.infer<z.ZodObject<R>>, Ports>),
  });
}

/**
 * `defineTool` with the domain's ports typed, so tool authors get `ctx.ports` checked:
 * `const defineShopTool = toolsFor<{ shop: Shop }>()`. (TypeScript cannot take `Ports` explicitly
 * and still infer the schemas in one call, hence the curried form.)
 */
export function toolsFor<Ports>() {
  return <
    I extends z.ZodObject,
    R extends Shape = Record<never, never>,
    W extends Shape = Record<never, never>,
  >(
    spec: ToolSpec<I, R, W, Ports>,
  ): Tool => defineTool<I, R, W, Ports>(spec);
}

function checkRetry(retry: Partial<RetryPolicy>, fail: (problem: string) => never): void {
  const { maxAttempts, baseDelayMs, maxDelayMs, jitter } = retry;
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    fail('retry.maxAttempts must be an integer >= 1');
  }
  if (baseDelayMs !== undefined && !(baseDelayMs >= 0)) fail('retry.baseDelayMs must be >= 0');
  if (maxDelayMs !== undefined && !(maxDelayMs >= (baseDelayMs ?? 0))) {
    fail('retry.maxDelayMs cannot be less than retry.baseDelayMs');
  }
  if (jitter !== undefined && !(jitter >= 0 && jitter <= 1)) fail('retry.jitter must be between 0 and 1');
}
