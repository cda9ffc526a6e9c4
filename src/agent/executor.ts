import pino, { type Logger } from 'pino';
import { DEFAULT_STEP_TIMEOUT_MS } from '../defaults.js';
import {
  EscalationDecidedError,
  EscalationNotFoundError,
  WorkflowNotFoundError,
  WorkflowStateError,
} from '../errors.js';
import { type ResourceOwnership, scopeFor, type ValidPlan, validatePlan } from '../planner/validate.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import {
  type NewEvent,
  RESUMABLE_STATUSES,
  type Store,
  type WorkflowRecord,
  type WorkflowStatus,
} from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { compensate } from './compensation.js';
import { decisionUpdate, raiseEscalation } from './escalations.js';
import { runForward } from './forward.js';
import { LEASE_MS, leaseOwner, ownerAlive } from './lease.js';
import type { StepDeps } from './step-runner.js';
import type { DecisionRequest, StartRequest, WorkflowResult } from './workflow-request.js';
import { buildState } from './workflow-state.js';

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
}

export type { DecisionRequest, StartRequest, WorkflowResult } from './workflow-request.js';

/**
 * Runs validated plans step by step with a checkpoint after each: retries, timeouts,
 * compensation, degradation and human gates, as promised in ARCHITECTURE.md.
 */
export class Executor {
  readonly #registry: ToolRegistry;
  readonly #store: Store;
  readonly #deps: StepDeps & { ids: Runtime['ids'] };
  readonly #abort = new AbortController();
  readonly #owner: string;
  readonly #ownership: ResourceOwnership;
  #stopping = false;

  constructor(options: ExecutorOptions) {
    const runtime = { ...systemRuntime(), ...options.runtime };
    this.#registry = options.registry;
    this.#ownership = options.ownership;
    this.#owner = options.owner ?? leaseOwner(runtime.ids.next('exec'));
    this.#store = options.store;
    this.#deps = {
      store: options.store,
      ports: options.ports,
      runtime,
      ids: runtime.ids,
      logger: options.logger ?? pino({ level: 'silent' }),
      defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
      emit: options.onEvent ?? (() => {}),
      draining: () => this.#stopping,
      abort: this.#abort.signal,
    };
  }

  /**
   * Validates the plan for the acting customer (throwing PlanInvalidError before anything is
   * stored, e.g. for an order that is not theirs), stores it and runs it.
   */
  async start(request: StartRequest): Promise<WorkflowResult> {
    const scope = await scopeFor(this.#ownership, request.customerId);
    const plan: ValidPlan = validatePlan(request.plan, this.#registry, scope);
    const { clock, ids } = this.#deps.runtime;
    const now = clock.now();
    const at = now.toISOString();
    const id = ids.next('wf');
    const { validated: _, ...stored } = plan;
    const status: WorkflowStatus = plan.ask !== undefined ? 'awaiting_customer' : 'running';
    const record: WorkflowRecord = {
      id,
      customerId: request.customerId,
      conversationId: request.conversationId ?? null,
      intent: plan.intent,
      status,
      plan: stored,
      cursor: 0,
      degraded: false,
      outcome: null,
      createdAt: at,
      updatedAt: at,
      // Taken with the insert itself: starting a workflow costs no extra write for its lease.
      leaseOwner: this.#owner,
      leaseExpiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
    };
    const event = {
      workflowId: id,
      at,
      type: 'workflow.started',
      stepId: null,
      data: {
        intent: plan.intent,
        steps: plan.steps.length,
        status,
        conversationId: record.conversationId,
        ...(plan.disagreement ? { disagreement: plan.disagreement } : {}),
      },
    };
    this.#store.createWorkflow(record, event);
    this.#deps.emit(event);
    if (request.gate && status === 'running') {
      raiseEscalation(this.#deps, {
        workflowId: id,
        stepId: null,
        kind: 'low_confidence',
        reason: request.gate.reason,
        details: request.gate.details ?? null,
      });
    }
    return this.#drive(id);
  }

  /** Continues a workflow from its last checkpoint; waiting and finished ones are returned as they are. */
  resume(workflowId: string): Promise<WorkflowResult> {
    if (!this.#store.getWorkflow(workflowId)) throw new WorkflowNotFoundError(workflowId);
    return this.#drive(workflowId);
  }

  /** Where a workflow stands, read from the store; runs nothing. */
  inspect(workflowId: string): WorkflowResult {
    return this.#result(workflowId);
  }

  /**
   * Resumes every workflow a dead process left running or compensating, one after another. One
   * that a live executor is running is left to it, and not journaled as recovered.
   */
  async recover(): Promise<WorkflowResult[]> {
    const results: WorkflowResult[] = [];
    for (const workflow of this.#store.listWorkflows({ status: RESUMABLE_STATUSES })) {
      if (this.#stopping) break;
      if (!this.#claim(workflow.id)) {
        results.push(this.#result(workflow.id));
        continue;
      }
      const at = this.#deps.runtime.clock.now().toISOString();
      const data = { status: workflow.status, cursor: workflow.cursor };
      const event = { workflowId: workflow.id, at, type: 'workflow.recovered', stepId: null, data };
      this.#store.appendEvents([event]);
      this.#deps.emit(event);
      results.push(await this.#drive(workflow.id));
    }
    return results;
  }

  /**
   * Applies a human's decision once and resumes the workflow: approve lets the gated step run
   * (or retries a failed undo), reject compensates. The same decision again changes nothing.
   */
  async decide(
    escalationId: string,
    request: DecisionRequest,
  ): Promise<WorkflowResult & { applied: boolean }> {
    const escalation = this.#store.getEscalation(escalationId);
    if (!escalation) throw new EscalationNotFoundError(escalationId);
    const { applied, escalation: stored } = this.#store.decideEscalation(
      decisionUpdate(escalation, request, this.#deps.runtime.clock.now().toISOString()),
    );
    if (!applied) {
      const already = stored.status === 'approved' ? 'approve' : 'reject';
      if (already !== request.decision) throw new EscalationDecidedError(escalationId, stored.status);
      return { ...this.#result(stored.workflowId), applied: false };
    }
    return { ...(await this.#drive(stored.workflowId)), applied: true };
  }

  /** Lets steps in flight finish and starts no new one; unfinished workflows stay resumable. */
  stop(): void {
    this.#stopping = true;
  }

  /** Like `stop`, and also aborts attempts in flight; they run again, same key, after a restart. */
  abort(): void {
    this.#stopping = true;
    this.#abort.abort(new WorkflowStateError('The executor was stopped'));
  }

  async #drive(workflowId: string): Promise<WorkflowResult> {
    for (;;) {
      const record = this.#store.getWorkflow(workflowId);
      if (!record) throw new WorkflowNotFoundError(workflowId);
      if (this.#stopping || !RESUMABLE_STATUSES.includes(record.status)) return this.#stop(record);
      if (record.leaseOwner !== this.#owner && !this.#claim(workflowId)) return this.#result(workflowId);
      const state = buildState(
        record,
        this.#store.steps(workflowId),
        this.#store.listEscalations({ workflowId }),
      );
      if (record.status === 'planned') {
        this.#move(record, 'running', 'workflow.running');
        continue;
      }
      if (record.status === 'running') {
        const forward = await runForward(this.#deps, this.#registry, state);
        if (forward.kind === 'compensate') continue;
        return forward.kind === 'drained' ? this.#stop(this.#reload(workflowId)) : this.#result(workflowId);
      }
      const undo = await compensate(this.#deps, this.#registry, state);
      if (undo.kind === 'finished') this.#move(record, undo.status, `workflow.${undo.status}`);
      return undo.kind === 'drained' ? this.#stop(this.#reload(workflowId)) : this.#result(workflowId);
    }
  }

  /**
   * Another executor may run this workflow (a server beside a CLI, two executors in one process):
   * only the lease holder does, unless its lease ran out or its process is gone.
   */
  #claim(workflowId: string): boolean {
    const now = this.#deps.runtime.clock.now();
    return this.#store.claim({
      workflowId,
      owner: this.#owner,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
      isAlive: ownerAlive,
    });
  }

  #reload(workflowId: string): WorkflowRecord {
    const record = this.#store.getWorkflow(workflowId);
    if (!record) throw new WorkflowNotFoundError(workflowId);
    return record;
  }

  /** Leaving a workflow that still has work (a drain) gives its lease back for whoever resumes it. */
  #stop(record: WorkflowRecord): WorkflowResult {
    if (RESUMABLE_STATUSES.includes(record.status) && record.leaseOwner === this.#owner) {
      this.#store.release(record.id, this.#owner);
    }
    return this.#result(record.id);
  }

  #move(record: WorkflowRecord, to: WorkflowStatus, type: string): void {
    const event = {
      workflowId: record.id,
      at: this.#deps.runtime.clock.now().toISOString(),
      type,
      stepId: null,
      data: { from: record.status },
    };
    this.#store.transition({ workflowId: record.id, from: [record.status], to, event });
    this.#deps.emit(event);
  }

  #result(workflowId: string): WorkflowResult {
    const workflow = this.#store.getWorkflow(workflowId);
    if (!workflow) throw new WorkflowNotFoundError(workflowId);
    const steps = this.#store.steps(workflowId);
    const state = buildState(workflow, steps, []);
    const escalation = this.#store.listEscalations({ workflowId, status: 'open' }).at(-1) ?? null;
    return { workflow, steps, context: state.context, escalation };
  }
}
