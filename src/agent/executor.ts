import pino from 'pino';
import { DEFAULT_LEASE_MS, DEFAULT_STEP_TIMEOUT_MS } from '../defaults.js';
import {
  EscalationDecidedError,
  EscalationNotFoundError,
  LeaseLostError,
  WorkflowNotFoundError,
  WorkflowStateError,
} from '../errors.js';
import { type ResourceOwnership, scopeFor, type ValidPlan, validatePlan } from '../planner/validate.js';
import { type Runtime, systemRuntime } from '../runtime.js';
import { RESUMABLE_STATUSES, type Store, type WorkflowRecord, type WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { compensate } from './compensation.js';
import { decisionWrite, raiseEscalation } from './escalations.js';
import type { DecisionRequest, ExecutorOptions, StartRequest, WorkflowResult } from './executor-types.js';
import { runForward } from './forward.js';
import { leaseOwner } from './lease.js';
import { LeaseHolder } from './lease-holder.js';
import { ResourceLocks } from './resource-lock.js';
import { settlingReply } from './settle.js';
import type { StepDeps } from './step-runner.js';
import { finishCompensation, moveWorkflow } from './workflow-moves.js';
import { buildState } from './workflow-state.js';

export type {
  DecisionRequest,
  ExecutorOptions,
  StartRequest,
  WorkflowResult,
} from './executor-types.js';

/**
 * Runs validated plans step by step with a checkpoint after each: retries, timeouts,
 * compensation, degradation and human gates, as promised in ARCHITECTURE.md.
 */
export class Executor {
  readonly #registry: ToolRegistry;
  readonly #store: Store;
  readonly #deps: StepDeps & { ids: Runtime['ids'] };
  readonly #abort = new AbortController();
  readonly #leases: LeaseHolder;
  readonly #ownership: ResourceOwnership;
  readonly #locks: ResourceLocks;
  /** Workflows this executor is driving now: a takeover sweep must not start a second run of one. */
  readonly #driving = new Set<string>();
  #stopping = false;

  constructor(options: ExecutorOptions) {
    const runtime = { ...systemRuntime(), ...options.runtime };
    this.#registry = options.registry;
    this.#ownership = options.ownership;
    this.#locks = new ResourceLocks(options.registry, options.ownership);
    this.#leases = new LeaseHolder({
      store: options.store,
      owner: options.owner ?? leaseOwner(runtime.ids.next('exec')),
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      clock: runtime.clock,
    });
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
      keepLease: (workflowId) => this.#leases.keep(workflowId),
      owner: this.#leases.owner,
      abort: this.#abort.signal,
      ...(options.replyFor ? { replyFor: options.replyFor } : {}),
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
      leaseOwner: this.#leases.owner,
      leaseExpiresAt: this.#leases.expiresAt(now),
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
    const snapshot = { workflow: record, steps: [], context: {} };
    const reply =
      status === 'awaiting_customer'
        ? settlingReply(this.#deps.replyFor, { ...snapshot, escalation: null, at })
        : undefined;
    await this.#store.createWorkflow(record, event, reply);
    this.#deps.emit(event);
    // A gated workflow waits for a person holding its order, as one that waits mid-way does.
    if (request.gate && status === 'running' && (await this.#locks.hold(this.#deps, record, 0))) {
      const gate = request.gate;
      const details = gate.details ?? null;
      await raiseEscalation(
        this.#deps,
        { workflowId: id, stepId: null, kind: 'low_confidence', reason: gate.reason, details },
        snapshot,
      );
    }
    return this.#drive(id);
  }

  /** Continues a workflow from its last checkpoint; waiting and finished ones are returned as they are. */
  async resume(workflowId: string): Promise<WorkflowResult> {
    if (!(await this.#store.getWorkflow(workflowId))) throw new WorkflowNotFoundError(workflowId);
    return this.#drive(workflowId);
  }

  /** Where a workflow stands, read from the store; runs nothing. */
  inspect(workflowId: string): Promise<WorkflowResult> {
    return this.#result(workflowId);
  }

  /**
   * Resumes every workflow a dead process left running or compensating, one after another. One
   * that a live executor is running is left to it, and not journaled as recovered.
   */
  async recover(): Promise<WorkflowResult[]> {
    const results: WorkflowResult[] = [];
    for (const workflow of await this.#store.listWorkflows({ status: RESUMABLE_STATUSES })) {
      if (this.#stopping) break;
      // Ours and running here: its lease is ours, so a claim would succeed and run it twice.
      if (this.#driving.has(workflow.id)) continue;
      if (!(await this.#leases.claim(workflow.id))) {
        results.push(await this.#result(workflow.id));
        continue;
      }
      const at = this.#deps.runtime.clock.now().toISOString();
      const data = { status: workflow.status, cursor: workflow.cursor };
      const event = { workflowId: workflow.id, at, type: 'workflow.recovered', stepId: null, data };
      await this.#store.appendEvents([event]);
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
    const escalation = await this.#store.getEscalation(escalationId);
    if (!escalation) throw new EscalationNotFoundError(escalationId);
    const at = this.#deps.runtime.clock.now().toISOString();
    const write = decisionWrite(escalation, request, at);
    const { applied, escalation: stored } = await this.#store.decideEscalation(write);
    if (!applied) {
      const already = stored.status === 'approved' ? 'approve' : 'reject';
      if (already !== request.decision) throw new EscalationDecidedError(escalationId, stored.status);
      return { ...(await this.#result(stored.workflowId)), applied: false };
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
    this.#driving.add(workflowId);
    try {
      return await this.#run(workflowId);
    } catch (error) {
      // Another executor took the workflow over while a step ran; it carries on from there.
      if (error instanceof LeaseLostError) return this.#result(workflowId);
      throw error;
    } finally {
      this.#driving.delete(workflowId);
      this.#leases.forget(workflowId);
    }
  }

  async #run(workflowId: string): Promise<WorkflowResult> {
    for (;;) {
      const record = await this.#reload(workflowId);
      if (this.#stopping || !RESUMABLE_STATUSES.includes(record.status)) return this.#stop(record);
      if (!(await this.#leases.hold(record))) return this.#result(workflowId);
      const [steps, escalations] = await Promise.all([
        this.#store.steps(workflowId),
        this.#store.listEscalations({ workflowId }),
      ]);
      const state = buildState(record, steps, escalations);
      if (record.status === 'planned') {
        await moveWorkflow(this.#deps, record, 'running', 'workflow.running');
        continue;
      }
      if (record.status === 'running') {
        if (!(await this.#locks.hold(this.#deps, record, steps.length))) continue;
        const forward = await runForward(this.#deps, this.#registry, state);
        if (forward.kind === 'compensate') continue;
        return forward.kind === 'drained'
          ? this.#stop(await this.#reload(workflowId))
          : this.#result(workflowId);
      }
      const undo = await compensate(this.#deps, this.#registry, state);
      if (undo.kind === 'finished') await finishCompensation(this.#deps, state, undo.status);
      return undo.kind === 'drained' ? this.#stop(await this.#reload(workflowId)) : this.#result(workflowId);
    }
  }

  async #reload(workflowId: string): Promise<WorkflowRecord> {
    const record = await this.#store.getWorkflow(workflowId);
    if (!record) throw new WorkflowNotFoundError(workflowId);
    return record;
  }

  /** Leaving a workflow that still has work (a drain) gives its lease back for whoever resumes it. */
  async #stop(record: WorkflowRecord): Promise<WorkflowResult> {
    if (RESUMABLE_STATUSES.includes(record.status) && record.leaseOwner === this.#leases.owner) {
      await this.#store.release(record.id, this.#leases.owner);
    }
    return this.#result(record.id);
  }

  async #result(workflowId: string): Promise<WorkflowResult> {
    const workflow = await this.#reload(workflowId);
    const [steps, open] = await Promise.all([
      this.#store.steps(workflowId),
      this.#store.listEscalations({ workflowId, status: 'open' }),
    ]);
    const state = buildState(workflow, steps, []);
    const escalation = open.at(-1) ?? null;
    return { workflow, steps, context: state.context, escalation };
  }
}
