import type { PlannerDomain } from '../planner/domain.js';
import type { Plan } from '../planner/plan.js';
import type { StepRecord } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { DryRunFn } from './dry-run.js';

/**
 * What a domain makes of a write plan before the customer is asked: the plan to confirm (the same,
 * or narrowed to what its checks allow) and the confirmation stating exactly what it will do; a
 * refusal when nothing of it can be done; or `none` for a plan that changes nothing.
 */
export type PlanPreview =
  | { kind: 'confirm'; plan: Plan; confirmation: string }
  | { kind: 'refuse'; reply: string }
  | { kind: 'none' };

/**
 * The wording a domain gives the customer, rendered over what really happened (the plan, the
 * tool results, the journal), never over a model's free text.
 */
export interface DomainTemplates<Facts = unknown> {
  /**
   * What a write plan will do, in the customer's terms, from the customer's facts ("a return of
   * … with a refund of 59.98 USD"); null for a plan that changes nothing, which runs without asking.
   */
  confirmation(plan: Plan, facts: Facts): string | null;
  /** The reply to a completed workflow, over the context its steps wrote. */
  completed(intent: string, context: Record<string, unknown>, steps: readonly StepRecord[]): string;
  /** The reply when a failure was undone: which steps were compensated, and what that means. */
  compensated(steps: readonly StepRecord[]): string;
  /**
   * The reply when another workflow (another conversation) is acting on a resource the request
   * needs, by its key from `resources` ("ORD-1001 is already being handled in another
   * conversation; …"). Nothing was done. @default a generic sentence
   */
  busy?(resource: string): string;
}

/**
 * A domain is the unit a user brings to keel: its tools (the registry) acting through its ports,
 * its intents, playbooks and offline rules, the facts the planner may see for a customer, who owns
 * which resource, the wording of confirmations and replies, and its hand-over to a person. The
 * engine knows nothing else about the business it serves.
 */
export interface Domain<Ports = unknown, Facts = unknown> extends PlannerDomain<Facts> {
  /** The domain's tools, compensations included. */
  readonly registry: ToolRegistry;
  /** What the tools act through (retail: `{ shop }`), handed to each as `ctx.ports`. */
  readonly ports: Ports;
  /**
   * Loads what the planner may see about the signed-in customer, scoped to them (retail: their
   * orders). The domain closes over its own ports, so only the customer is passed.
   */
  facts(customerId: string): Promise<Facts>;
  readonly templates: DomainTemplates<Facts>;
  /**
   * Builds the confirmation of a write plan from a dry run of its read and check steps (`dryRun`
   * runs reads against the domain's ports, never a write), so the question says only what will
   * happen. @default the plan as is, confirmed by `templates.confirmation`
   */
  preview?(plan: Plan, facts: Facts, dryRun: DryRunFn): Promise<PlanPreview>;
}
