import type { Plan } from '../planner/plan.js';
import type { ResourceOwnership } from '../planner/validate.js';
import { ResourceBusyError, type WorkflowOutcomeDetail, type WorkflowRecord } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { settlingReply } from './settle.js';
import type { StepDeps } from './step-runner.js';

/**
 * One resource, one workflow at a time. A workflow whose plan writes holds the resources the
 * domain names for it (retail: the order) from before its first step until it ends: waiting for a
 * person keeps them (the order is in use while staff decide), a resumed or recovered workflow takes
 * them again as their holder, and the store frees them with the change that ends the workflow.
 *
 * They are taken before the first step rather than the first write, so the plan's checks (what is
 * still refundable, whether the order was delivered) read the order under the lock too: a second
 * return of an order whose first one just finished is answered "already refunded" by its check,
 * instead of passing a check that the first return then made stale.
 */
export class ResourceLocks {
  readonly #registry: ToolRegistry;
  readonly #resources: ResourceOwnership['resources'];

  constructor(registry: ToolRegistry, ownership: ResourceOwnership) {
    this.#registry = registry;
    this.#resources = ownership.resources?.bind(ownership);
  }

  /** The keys a workflow holds: the domain's, for a plan with a write step; none otherwise. */
  keysOf(record: WorkflowRecord): readonly string[] {
    const plan = record.plan as Plan;
    const writes = plan.steps.some((step) => this.#registry.get(step.tool)?.effect === 'write');
    return writes && this.#resources ? this.#resources(plan, record.customerId) : [];
  }

  /**
   * Takes (or takes again) the workflow's resources. When another workflow holds one, this one is
   * refused, touching nothing of the other's: journaled, and failed (nothing ran yet) or, for a
   * workflow from before locks that already acted, moved to undo its own steps. Resolves to whether
   * the workflow may go on.
   */
  async hold(deps: StepDeps, record: WorkflowRecord, ranSteps: number): Promise<boolean> {
    const resources = this.keysOf(record);
    if (resources.length === 0) return true;
    const at = deps.runtime.clock.now().toISOString();
    const taken = await deps.store.lockResources({ workflowId: record.id, resources, at });
    if (taken.acquired) return true;
    const error = new ResourceBusyError(taken.resource, taken.heldBy);
    const data = { code: error.code, resource: taken.resource, heldBy: taken.heldBy, resources };
    const busy = { workflowId: record.id, at, type: 'resource.busy', stepId: null, data };
    await deps.store.appendEvents([busy]);
    deps.emit(busy);
    const outcome: WorkflowOutcomeDetail = {
      reason: 'failure',
      code: error.code,
      message: error.message,
      resource: taken.resource,
    };
    await refuse(deps, record, outcome, ranSteps > 0 ? 'compensating' : 'failed');
    return false;
  }
}

async function refuse(
  deps: StepDeps,
  record: WorkflowRecord,
  outcome: WorkflowOutcomeDetail,
  to: 'failed' | 'compensating',
): Promise<void> {
  const at = deps.runtime.clock.now().toISOString();
  const workflow = { ...record, status: to, outcome };
  const reply =
    to === 'failed'
      ? settlingReply(deps.replyFor, { workflow, steps: [], context: {}, escalation: null, at })
      : undefined;
  const data = { from: record.status, code: outcome.code, resource: outcome.resource };
  const event = { workflowId: record.id, at, type: `workflow.${to}`, stepId: null, data };
  await deps.store.transition({
    workflowId: record.id,
    from: [record.status],
    to,
    outcome,
    event,
    ...(reply ? { reply } : {}),
  });
  deps.emit(event);
}
