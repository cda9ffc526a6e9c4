import type { z } from 'zod';
import type { PlanIssue } from '../errors.js';
import { PlanInvalidError } from '../errors.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { Plan } from './plan.js';
import { planInvariantIssues } from './plan-invariants.js';

/** A plan whose every step names a registered tool and carries args parsed by its input schema. */
export interface ValidPlan extends Plan {
  readonly validated: true;
}

/** Who is acting and what is theirs: the check every plan passes for the customer it acts for. */
export interface PlanScope {
  /** Issues for resources the plan names that the acting customer does not own. */
  ownership(plan: Plan): PlanIssue[];
}

/** The scope of tools that name nothing a customer owns (a test registry, an operator's own tools). */
export const NO_OWNED_RESOURCES: PlanScope = Object.freeze({ ownership: () => [] });

/**
 * Where a scope comes from: the customer's facts and the domain's ownership rule over them; and
 * which resources a plan acts on, which the executor locks for it.
 */
export interface ResourceOwnership<Facts = unknown> {
  facts(customerId: string): Promise<Facts>;
  ownership(plan: Plan, facts: Facts, customerId: string): PlanIssue[];
  /** See `PlannerDomain.resources`. @default none: nothing is locked */
  resources?(plan: Plan, customerId: string): readonly string[];
}

/** The scope of one customer, from their facts as the domain loads them now. */
export async function scopeFor<Facts>(
  owner: ResourceOwnership<Facts>,
  customerId: string,
): Promise<PlanScope> {
  const facts = await owner.facts(customerId);
  return { ownership: (plan) => owner.ownership(plan, facts, customerId) };
}

/** Ownership for registries whose tools name nothing a customer owns. */
export const NO_RESOURCES: ResourceOwnership<null> = Object.freeze({
  facts: async () => null,
  ownership: () => [],
});

/**
 * Checks a plan against the registry before anything runs, and reports every problem at once:
 * shape, duplicate step ids, unknown or internal tools, args, context reads that no earlier step
 * writes, required predecessors, resources the acting customer does not own, writes repeated and
 * money moved without a check that bounds it. The issues are precise enough to hand back to a model.
 */
export function validatePlan(raw: unknown, registry: ToolRegistry, scope: PlanScope): ValidPlan {
  const shape = Plan.safeParse(raw);
  if (!shape.success) throw new PlanInvalidError(shape.error.issues.map(shapeIssue));
  const plan = shape.data;
  const issues: PlanIssue[] = askIssues(plan);
  const seenIds = new Set<string>();
  const written = new Set<string>();
  const ran = new Set<string>();
  const steps = plan.steps.map((step, index) => {
    const at = (...rest: (string | number)[]) => ['steps', index, ...rest];
    if (seenIds.has(step.id)) {
      issues.push({
        code: 'STEP_DUPLICATE_ID',
        stepId: step.id,
        path: at('id'),
        message: `step id "${step.id}" is used twice`,
      });
    }
    seenIds.add(step.id);
    const tool = registry.get(step.tool);
    if (!tool) {
      issues.push({
        code: 'TOOL_UNKNOWN',
        stepId: step.id,
        path: at('tool'),
        message: `no tool named "${step.tool}"`,
      });
      return step;
    }
    if (!tool.plannable) {
      issues.push({
        code: 'TOOL_NOT_PLANNABLE',
        stepId: step.id,
        path: at('tool'),
        message: `"${tool.name}" is run by keel itself and cannot be planned`,
      });
    }
    const args = tool.input.safeParse(step.args);
    if (!args.success) {
      for (const issue of args.error.issues) {
        issues.push({
          code: 'ARGS_INVALID',
          stepId: step.id,
          path: at('args', ...pathOf(issue)),
          message: issue.message,
        });
      }
    }
    issues.push(...dataFlowIssues(tool, step.id, index, written, ran));
    for (const key of Object.keys(tool.writes.shape)) written.add(key);
    ran.add(tool.name);
    return args.success ? { ...step, args: args.data as Record<string, unknown> } : step;
  });
  issues.push(...planInvariantIssues(plan, registry), ...scope.ownership(plan));
  if (issues.length > 0) throw new PlanInvalidError(issues);
  return { ...plan, steps, validated: true };
}

/** A plan either acts (steps) or asks (a question), never both, never neither. */
function askIssues(plan: Plan): PlanIssue[] {
  if (plan.ask === undefined && plan.steps.length === 0)
    return [{ code: 'PLAN_EMPTY', path: ['steps'], message: 'a plan needs steps or a question (ask)' }];
  if (plan.ask !== undefined && plan.steps.length > 0)
    return [{ code: 'PLAN_SHAPE', path: ['ask'], message: 'a plan that asks a question has no steps' }];
  return [];
}

function dataFlowIssues(
  tool: Tool,
  stepId: string,
  index: number,
  written: Set<string>,
  ran: Set<string>,
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const [key, schema] of Object.entries(tool.reads.shape)) {
    if (!written.has(key) && !(schema as z.ZodType).safeParse(undefined).success) {
      issues.push({
        code: 'READ_UNSATISFIED',
        stepId,
        path: ['steps', index],
        message: `"${tool.name}" reads "${key}", which no earlier step writes`,
      });
    }
  }
  for (const required of tool.requires) {
    if (!ran.has(required)) {
      issues.push({
        code: 'REQUIRES_UNSATISFIED',
        stepId,
        path: ['steps', index],
        message: `"${tool.name}" must come after "${required}"`,
      });
    }
  }
  return issues;
}

function pathOf(issue: z.core.$ZodIssue): (string | number)[] {
  return issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
}

function shapeIssue(issue: z.core.$ZodIssue): PlanIssue {
  const path = pathOf(issue);
  return { code: 'PLAN_SHAPE', path, message: `${path.join('.') || 'plan'}: ${issue.message}` };
}
