import { KeelError } from '../errors.js';
import type { Plan } from '../planner/plan.js';
import type { Planner, PlanRequest, PlanResult } from '../planner/planner.js';

/** A scripted planner was asked for more plans than it was given. */
export class UnexpectedPlannerCallError extends KeelError {
  readonly code = 'UNEXPECTED_PLANNER_CALL';
}

/**
 * A planner that answers from a script, for tests of whatever sits around a planner. It records
 * every request, fails loudly when it runs out, and `assertComplete()` fails when answers are left.
 */
export class ScriptedPlanner implements Planner {
  readonly name = 'offline';
  readonly calls: PlanRequest[] = [];
  readonly #script: PlanResult[];

  constructor(script: (Plan | PlanResult)[]) {
    this.#script = script.map((entry) =>
      'plan' in entry ? entry : { plan: entry, planner: 'offline' as const, reasons: ['scripted'] },
    );
  }

  async plan(request: PlanRequest): Promise<PlanResult> {
    this.calls.push(request);
    const next = this.#script[this.calls.length - 1];
    if (!next)
      throw new UnexpectedPlannerCallError(`ScriptedPlanner has no answer for call ${this.calls.length}`);
    return next;
  }

  assertComplete(): void {
    if (this.calls.length < this.#script.length) {
      throw new UnexpectedPlannerCallError(
        `ScriptedPlanner has ${this.#script.length - this.calls.length} unused answers`,
      );
    }
  }
}
