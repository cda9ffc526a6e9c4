import type { Logger } from 'pino';
import type { ResourceOwnership } from '../planner/validate.js';
import type { Runtime } from '../runtime.js';
import type {
  Decision,
  EscalationRecord,
  NewEvent,
  StepRecord,
  Store,
  WorkflowRecord,
} from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { ReplyFor } from './settle.js';

/** The executor's options, requests and results. */

export interface ExecutorOptions {
  registry: ToolRegistry;
  store: Store;
  /** The domain's ports (retail: `{ shop }`), handed to every tool as `ctx.ports`. */
  ports: unknown;
  /**
   * Who owns what (usually the domain itself): every plan started is checked against the acting
   * customer's facts, whoever calls (planners, `keel exec`, a library). `NO_RESOURCES` for tools
   * that name nothing a customer owns.
   */
  ownership: ResourceOwnership;
  /** Clock, sleep, ids and randomness; tests pass virtual ones. @default systemRuntime() */
  runtime?: Partial<Runtime>;
  /** @default a silent pino logger */
  logger?: Logger;
  /** Called after every journal event (and at each attempt's start), e.g. for live progress. */
  onEvent?: (event: NewEvent) => void;
  /** @default DEFAULT_STEP_TIMEOUT_MS */
  defaultTimeoutMs?: number;
  /** Names this executor in workflow leases. @default host/pid/id */
  owner?: string;
  /**
   * The customer's reply about a workflow started from a conversation, written to that
   * conversation in the same transaction as the change that settles the workflow. @default none
   */
  replyFor?: ReplyFor;
}

export interface StartRequest {
  plan: unknown;
  /** The authenticated customer the workflow acts for. */
  customerId: string;
  conversationId?: string | null;
  /** Pauses the workflow for a human before its first step (e.g. low planner confidence). */
  gate?: { reason: string; details?: Record<string, unknown> };
}

/** Where a workflow stands after the executor stopped working on it. */
export interface WorkflowResult {
  workflow: WorkflowRecord;
  steps: StepRecord[];
  context: Record<string, unknown>;
  /** The open escalation a waiting workflow waits on. */
  escalation: EscalationRecord | null;
}

export interface DecisionRequest {
  decision: Decision;
  decidedBy: string;
  note?: string | null;
}
