import type { ErrorCode } from './error-codes.js';
import type { EscalationReasonKind } from './escalation-reason.js';

/**
 * Every error keel throws on purpose. Each has a stable `code` from the error table
 * (`error-codes.ts`), sets `name` from its class, and carries the ids a reader needs to act.
 * Adapters (HTTP, CLI, chat, replay) map `code` through that table and nothing else.
 */
export abstract class KeelError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The developer must act: a setting or a definition is wrong. */
export class ConfigError extends KeelError {
  readonly code = 'CONFIG_INVALID';
}

/** A tool definition is malformed; thrown by `defineTool` and the registry, before anything runs. */
export class ToolDefinitionError extends KeelError {
  readonly code = 'TOOL_DEFINITION_INVALID';
  constructor(
    readonly toolName: string,
    problem: string,
  ) {
    super(`Tool "${toolName}" is invalid: ${problem}`);
  }
}

/** A second tool was registered under a name the registry already holds. */
export class DuplicateToolError extends KeelError {
  readonly code = 'TOOL_DUPLICATE';
  constructor(readonly toolName: string) {
    super(`Tool "${toolName}" is already registered; tool names must be unique`);
  }
}

/** A plan names a tool the registry does not hold. */
export class UnknownToolError extends KeelError {
  readonly code = 'TOOL_UNKNOWN';
  constructor(readonly toolName: string) {
    super(`No tool named "${toolName}" is registered`);
  }
}

/** An `Idempotency-Key` already answered a request with a different body; replaying would lie. */
export class IdempotencyKeyReusedError extends KeelError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(
    readonly conversationId: string,
    readonly key: string,
  ) {
    super(
      `Idempotency-Key "${key}" was already used in conversation "${conversationId}" with a different message; ` +
        'send a new key for a new message',
    );
  }
}

/** The request carries no valid credentials. */
export class UnauthorizedError extends KeelError {
  readonly code = 'UNAUTHORIZED';
}

/** The credentials are valid but do not allow this. */
export class ForbiddenError extends KeelError {
  readonly code = 'FORBIDDEN';
}

/** Input from outside (a file, a flag, a request body) is not what keel accepts. */
export class InputError extends KeelError {
  readonly code = 'INPUT_INVALID';
}

/** One problem found while validating a plan; `code` is stable and machine-readable. */
export interface PlanIssue {
  code: PlanIssueCode;
  /** The id of the step at fault, when the problem belongs to one step. */
  stepId?: string;
  /** Where inside the plan (or the step's args) the problem is. */
  path: (string | number)[];
  message: string;
}

export const PLAN_ISSUE_CODES = [
  'PLAN_SHAPE',
  'STEP_DUPLICATE_ID',
  'TOOL_UNKNOWN',
  'TOOL_NOT_PLANNABLE',
  'ARGS_INVALID',
  'READ_UNSATISFIED',
  'REQUIRES_UNSATISFIED',
  'PLAN_EMPTY',
  'WRITE_REPEATED',
  'MONEY_UNBOUNDED',
  'ASK_INVALID',
] as const;
/**
 * A validation problem's code: one of the engine's, or a domain's ownership code named after the
 * resource, e.g. retail's `ORDER_NOT_OWNED`.
 */
export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number] | `${Uppercase<string>}_NOT_OWNED`;

/** The plan failed validation; every problem is listed at once, before any side effect. */
export class PlanInvalidError extends KeelError {
  readonly code = 'PLAN_INVALID';
  constructor(readonly issues: PlanIssue[]) {
    super(
      `Plan is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${issues
        .map((i) => `${i.stepId ? `[${i.stepId}] ` : ''}${i.code}: ${i.message}`)
        .join('; ')}`,
    );
  }
}

/**
 * The kinds of failure a tool reports. `retryable` may succeed on another attempt; `permanent` will
 * not; `escalate` asks a human to decide, which pauses the workflow instead of failing it.
 */
export const TOOL_FAILURE_KINDS = ['retryable', 'permanent', 'escalate'] as const;
export type ToolFailureKind = (typeof TOOL_FAILURE_KINDS)[number];

/** Base of the errors a tool throws to say how its failure should be handled. */
export abstract class ToolError extends KeelError {
  abstract readonly kind: ToolFailureKind;
  readonly details: Record<string, unknown>;
  constructor(message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options);
    this.details = options?.details ?? {};
  }
}

/** A failure that another attempt may fix (a timeout, a 503, a dropped connection). */
export class RetryableToolError extends ToolError {
  readonly code: 'TOOL_RETRYABLE' | 'STEP_TIMEOUT' = 'TOOL_RETRYABLE';
  readonly kind = 'retryable';
  /** A delay the remote system asked for (e.g. from `Retry-After`); the executor honours it. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A failure no retry can fix (a final-sale item, an order that is not the customer's). */
export class PermanentToolError extends ToolError {
  readonly code: 'TOOL_PERMANENT' | 'MONEY_OVER_BOUND' = 'TOOL_PERMANENT';
  readonly kind = 'permanent';
}

/**
 * The executor refused a step that moves money before it ran: the workflow's total of that kind
 * would pass what its checks computed (or no check computed it). Permanent; earlier writes are undone.
 */
export class MoneyOverBoundError extends PermanentToolError {
  override readonly code = 'MONEY_OVER_BOUND';
}

/** Not a crash: the tool asks a human to decide (e.g. a return outside the 60-day window). */
export class EscalateToHuman extends ToolError {
  readonly code = 'TOOL_ESCALATE';
  readonly kind = 'escalate';
  /** Why, for staff. @default 'tool_escalation' */
  readonly reasonKind: EscalationReasonKind;
  constructor(
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown; reasonKind?: EscalationReasonKind },
  ) {
    super(message, options);
    this.reasonKind = options?.reasonKind ?? 'tool_escalation';
  }
}

/** A tool attempt ran past its `timeoutMs`; retryable, and its late result is discarded. */
export class StepTimeoutError extends RetryableToolError {
  override readonly code = 'STEP_TIMEOUT';
  constructor(
    readonly toolName: string,
    readonly timeoutMs: number,
  ) {
    super(`Tool "${toolName}" did not finish within ${timeoutMs} ms`);
  }
}

/**
 * Why a model call gave nothing usable. `misconfigured` (401/403/404) will not heal by itself;
 * `malformed` and `too_large` are answers that are not a well-formed completion.
 */
export type ModelFailureKind =
  | 'timeout'
  | 'deadline'
  | 'rate_limited'
  | 'server'
  | 'connection'
  | 'misconfigured'
  | 'rejected'
  | 'malformed'
  | 'too_large';

/** The model service could not be used (outage, bad key, unknown model); the offline planner can stand in. */
export class ModelUnavailableError extends KeelError {
  readonly code = 'MODEL_UNAVAILABLE';
  readonly kind: ModelFailureKind;
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown; kind?: ModelFailureKind },
  ) {
    super(message, options);
    this.kind = options?.kind ?? 'server';
  }
}

/** The store could not read or write; the workflow stays where its last checkpoint left it. */
export class StoreError extends KeelError {
  readonly code = 'STORE_FAILED';
}

/** A checkpoint by an executor whose lease another instance took over: nothing is written; it stops. */
export class LeaseLostError extends KeelError {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly workflowId: string,
    readonly owner: string,
  ) {
    super(`Workflow "${workflowId}" is no longer leased to ${owner}; another executor runs it`);
  }
}

export class WorkflowNotFoundError extends KeelError {
  readonly code = 'WORKFLOW_NOT_FOUND';
  constructor(readonly workflowId: string) {
    super(`No workflow with id "${workflowId}"`);
  }
}

/** No such conversation for this customer (another customer's is reported the same way). */
export class ConversationNotFoundError extends KeelError {
  readonly code = 'CONVERSATION_NOT_FOUND';
  constructor(readonly conversationId: string) {
    super(`No conversation with id "${conversationId}"`);
  }
}

/** No such order in the shop, as staff look it up (the console's view of an order). */
export class OrderNotFoundError extends KeelError {
  readonly code = 'ORDER_NOT_FOUND';
  constructor(readonly orderId: string) {
    super(`No order "${orderId}"`);
  }
}

export class EscalationNotFoundError extends KeelError {
  readonly code = 'ESCALATION_NOT_FOUND';
  constructor(readonly escalationId: string) {
    super(`No escalation with id "${escalationId}"`);
  }
}

/** A different decision arrives for an escalation that was already decided. */
export class EscalationDecidedError extends KeelError {
  readonly code = 'ESCALATION_ALREADY_DECIDED';
  constructor(
    readonly escalationId: string,
    readonly decision: string,
  ) {
    super(`Escalation "${escalationId}" was already decided: ${decision}; a decision cannot be changed`);
  }
}

/** The workflow is not in a state that allows the requested operation. */
export class WorkflowStateError extends KeelError {
  readonly code = 'WORKFLOW_STATE_INVALID';
}

/**
 * A checkpointed step does not match the plan at the same position; resuming would repeat or skip
 * a side effect, so the executor stops instead.
 */
export class ReplayMismatchError extends KeelError {
  readonly code = 'REPLAY_MISMATCH';
  constructor(
    readonly workflowId: string,
    readonly stepIndex: number,
    expected: string,
    found: string,
  ) {
    super(
      `Workflow "${workflowId}" step ${stepIndex}: checkpoint holds "${found}" but the plan says "${expected}". ` +
        'The stored plan was changed after the workflow started.',
    );
  }
}
