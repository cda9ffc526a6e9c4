import type { PlanIssue } from '../errors.js';
import { kindsOf, type MoneyKind } from '../tools/money.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Plan } from './plan.js';

/**
 * The rules about what a whole plan may do, beyond each step on its own: a write tool runs at
 * most once unless it declares itself `repeatable`, and a step that moves money comes after a
 * check that bounds that kind of money (the executor then holds the total to that bound).
 */
export function planInvariantIssues(plan: Plan, registry: ToolRegistry): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const firstWrite = new Map<string, string>();
  const bounded = new Set<MoneyKind>();
  plan.steps.forEach((step, index) => {
    const tool = registry.get(step.tool);
    if (!tool) return;
    if (tool.effect === 'write' && !tool.repeatable) {
      const first = firstWrite.get(tool.name);
      if (first !== undefined) {
        issues.push({
          code: 'WRITE_REPEATED',
          stepId: step.id,
          path: ['steps', index, 'tool'],
          message: `"${tool.name}" changes something and already runs in step "${first}"; a plan runs it once`,
        });
      } else firstWrite.set(tool.name, step.id);
    }
    // A difference may go either way, so its plan needs a bound of both kinds (a difference check).
    if (tool.money && !kindsOf(tool.money.kind).every((kind) => bounded.has(kind))) {
      issues.push({
        code: 'MONEY_UNBOUNDED',
        stepId: step.id,
        path: ['steps', index, 'tool'],
        message: `"${tool.name}" moves money (${tool.money.kind}) but no earlier step computes how much`,
      });
    }
    for (const kind of tool.bounds ? kindsOf(tool.bounds.kind) : []) bounded.add(kind);
  });
  return issues;
}
