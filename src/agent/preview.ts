import pino, { type Logger } from 'pino';
import { DEFAULT_STEP_TIMEOUT_MS } from '../defaults.js';
import type { Plan } from '../planner/plan.js';
import type { PlanResult } from '../planner/planner.js';
import type { Runtime } from '../runtime.js';
import type { Domain, PlanPreview } from './domain.js';
import { type DryRunFn, dryRunner } from './dry-run.js';
import { confirmationNeed } from './gate.js';

/** What the confirmation step of a turn needs. */
export interface PreviewDeps {
  domain: Domain;
  runtime: Pick<Runtime, 'clock' | 'sleep'>;
  confirmWrites: boolean;
  threshold: number;
  logger?: Logger;
}

/** The plan a turn is about, and the words around it. */
export interface WriteGateInput {
  planned: PlanResult;
  facts: unknown;
  customerId: string;
  conversationId: string;
  /** The customer's message this turn. */
  text: string;
  /** The agent's message just before it, if any. */
  lastAgentText: string | undefined;
}

/**
 * What the turn does with a plan: run it now (`about`: what a write will do, in the words the
 * customer would have been asked), ask about it (maybe narrowed), or refuse it.
 */
export type WriteGate =
  | { kind: 'run'; planned: PlanResult; about: string | null }
  | { kind: 'ask'; planned: PlanResult; reply: string; confirmation: string }
  | { kind: 'refuse'; reply: string };

/** The question that asks for a yes to exactly what the preview found. */
export const confirmationQuestion = (summary: string) => `I can do that: ${summary}. Shall I go ahead?`;

/**
 * The confirmation step of a turn: a write plan that runs now is first dry-run (its reads and
 * checks, never a write) and the domain words the question from what they computed; the plan
 * asked about (and stored as pending) is the one the domain confirmed, narrowed if it had to be.
 * Nothing eligible: a refusal, nothing pending. With confirmations off (a staff member's message is
 * the yes), the narrowed plan runs, as `keel run --yes` runs it. A yes the customer already gave to
 * the planner's own question runs the plan only if the preview left it unchanged. A plan the
 * planner handed to a person is not previewed: nothing of it runs before they decide.
 */
export async function gateWrite(deps: PreviewDeps, input: WriteGateInput): Promise<WriteGate> {
  const { planned } = input;
  // A hand-over runs as planned; a plan under the confidence threshold is previewed and asked
  // about like any other, so the person who then checks it sees (and approves) the narrowed plan.
  if (!writes(deps.domain, planned.plan) || planned.escalate !== undefined)
    return { kind: 'run', planned, about: null };
  const preview = await previewPlan(deps, planned.plan, input);
  if (preview.kind === 'none') return { kind: 'run', planned, about: null };
  if (preview.kind === 'refuse') return { kind: 'refuse', reply: preview.reply };
  const { confirmation } = preview;
  const confirmed = { ...planned, plan: preview.plan, confirmed: confirmation };
  const need = confirmationNeed({ ...input, confirmWrites: deps.confirmWrites, threshold: deps.threshold });
  if (need === 'skip') return { kind: 'run', planned: confirmed, about: confirmation };
  const same = JSON.stringify(preview.plan) === JSON.stringify(planned.plan);
  if (need === 'agreed' && same) return { kind: 'run', planned, about: confirmation };
  return { kind: 'ask', planned: confirmed, reply: confirmationQuestion(confirmation), confirmation };
}

/**
 * The domain's preview of a plan over a dry run of its reads, or, for a domain without one, the
 * plan as is with its template confirmation. The dry run's workflow id starts with "preview:",
 * which no real workflow's does, so no key a read sees can be one the real run will use. A read
 * that failed only for now (a retryable error: the dry run tries once) says nothing about what can
 * be done, so the plan is then confirmed as planned, from the template; the real run retries.
 */
export async function previewPlan(
  deps: PreviewDeps,
  plan: Plan,
  about: { facts: unknown; customerId: string; conversationId: string },
): Promise<PlanPreview> {
  const { domain } = deps;
  if (!domain.preview) return asPlanned(domain, plan, about.facts);
  const dryRun = dryRunner({
    registry: domain.registry,
    ports: domain.ports,
    runtime: deps.runtime,
    logger: deps.logger ?? pino({ level: 'silent' }),
    customerId: about.customerId,
    workflowId: `preview:${about.conversationId}:${deps.runtime.clock.now().toISOString()}`,
    timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
  });
  let unsure = false;
  const watched: DryRunFn = async (p, options) => {
    const run = await dryRun(p, options);
    unsure ||= run.steps.some((s) => s.outcome === 'failed' && s.error.kind === 'retryable');
    return run;
  };
  const preview = await domain.preview(plan, about.facts, watched);
  return unsure ? asPlanned(domain, plan, about.facts) : preview;
}

function asPlanned(domain: Domain, plan: Plan, facts: unknown): PlanPreview {
  const confirmation = domain.templates.confirmation(plan, facts);
  return confirmation ? { kind: 'confirm', plan, confirmation } : { kind: 'none' };
}

/** The confirmation step's dependencies, from a turn's. */
export function previewDepsOf(deps: {
  domain: Domain;
  runtime: Pick<Runtime, 'clock' | 'sleep'>;
  confirmWrites: boolean;
  agent: { threshold: number };
}): PreviewDeps {
  const { domain, runtime, confirmWrites } = deps;
  return { domain, runtime, confirmWrites, threshold: deps.agent.threshold };
}

function writes(domain: Domain, plan: Plan): boolean {
  return plan.steps.some((step) => domain.registry.get(step.tool)?.effect === 'write');
}
