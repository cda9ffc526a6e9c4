import type OpenAI from 'openai';
import {
  DEFAULT_LLM_MAX_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_MAX_COMPLETION_TOKENS,
  DEFAULT_MAX_REPAIRS,
  DEFAULT_TURN_TIMEOUT_MS,
  MAX_MODEL_RESPONSE_BYTES,
} from '../defaults.js';
import { ModelUnavailableError, PlanInvalidError, type PlanIssue } from '../errors.js';
import type { EscalationReasonKind } from '../escalation-reason.js';
import type { LlmCallRecorder } from '../llm-call.js';
import { type Clock, type Ids, type Random, type Sleep, systemSleep } from '../runtime.js';
import type { ToolRegistry } from '../tools/registry.js';
import { unlessContradicted } from './agreement.js';
import { type DomainQuestions, defaultQuestions } from './ask.js';
import { intentProbability, temperConfidence } from './confidence.js';
import type { ConsentAnswer } from './consent-answer.js';
import type { PlannerDomain } from './domain.js';
import { modelConsent } from './llm-consent.js';
import { resolveModelAsk } from './model-ask.js';
import { type AbortAfter, attemptModelCall, timerAbort } from './model-attempt.js';
import { callModel, type ModelCallDeps, type ModelCallObserver, type ModelReply } from './model-call.js';
import type { Plan } from './plan.js';
import { buildPlanSchema, type ModelPlan } from './plan-schema.js';
import type { ConsentRequest, Planner, PlanRequest, PlanResult } from './planner.js';
import { buildPrompt, type PromptMessage, promptPrefix } from './prompt.js';
import { TurnDeadline } from './turn-deadline.js';
import { validatePlan } from './validate.js';

export interface LlmPlannerOptions<Facts = unknown> {
  client: OpenAI;
  model: string;
  registry: ToolRegistry;
  /** Intents, policy, examples, facts, ownership and hand-over of the domain planned for. */
  domain: PlannerDomain<Facts>;
  clock: Clock;
  ids: Ids;
  /** Records usage and latency of every call. @default none */
  recorder?: LlmCallRecorder;
  /** Answers when the model service is down. @default none: the turn goes to a human */
  fallback?: Planner<Facts>;
  /** @default DEFAULT_MAX_REPAIRS */
  maxRepairs?: number;
  /**
   * Lets the model word its questions (`ask.text`) instead of the domain's templates; a text that
   * asks for payment data or credentials is never used. @default false
   */
  rephraseQuestions?: boolean;
  /** @default true */
  logprobs?: boolean;
  /** Waits between retries. @default systemSleep */
  sleep?: Sleep;
  /** Retry jitter. @default Math.random */
  random?: Random;
  /** One turn's whole model path, when the request brings no deadline. @default DEFAULT_TURN_TIMEOUT_MS */
  turnTimeoutMs?: number;
  /** One attempt. @default DEFAULT_LLM_TIMEOUT_MS */
  attemptTimeoutMs?: number;
  /** @default DEFAULT_LLM_MAX_RETRIES */
  maxRetries?: number;
  /** @default DEFAULT_MAX_COMPLETION_TOKENS */
  maxCompletionTokens?: number;
  /** @default MAX_MODEL_RESPONSE_BYTES */
  maxResponseBytes?: number;
  /** The attempt timer. @default a real timer */
  abortAfter?: AbortAfter;
  /** Told about failures and successes (health, logging). @default none */
  observer?: ModelCallObserver;
}

/**
 * Plans with a model over Chat Completions and Structured Outputs. The prompt starts with a
 * prefix that depends only on the registry (so provider prompt caching applies); validation
 * problems go back to the model for a bounded number of repairs; a refusal or a model that
 * cannot repair its plan sends the turn to a human; an outage falls back to the offline planner.
 */
export class LlmPlanner<Facts = unknown> implements Planner<Facts> {
  readonly name = 'llm';
  readonly #deps: ModelCallDeps;
  readonly #registry: ToolRegistry;
  readonly #domain: PlannerDomain<Facts>;
  readonly #questions: DomainQuestions<Facts>;
  readonly #rephrase: boolean;
  readonly #prefix: string;
  readonly #fallback: Planner<Facts> | undefined;
  readonly #maxRepairs: number;
  readonly #turnTimeoutMs: number;

  constructor(options: LlmPlannerOptions<Facts>) {
    this.#registry = options.registry;
    this.#domain = options.domain;
    this.#questions = options.domain.questions ?? defaultQuestions(options.domain.intents);
    this.#rephrase = options.rephraseQuestions ?? false;
    this.#prefix = promptPrefix(options.registry, options.domain);
    this.#fallback = options.fallback;
    this.#maxRepairs = options.maxRepairs ?? DEFAULT_MAX_REPAIRS;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
    this.#deps = {
      client: options.client,
      model: options.model,
      schema: buildPlanSchema(options.registry, options.domain.intents, this.#questions, {
        rephrase: this.#rephrase,
      }),
      logprobs: options.logprobs ?? true,
      clock: options.clock,
      ids: options.ids,
      recorder: options.recorder ?? null,
      sleep: options.sleep ?? systemSleep,
      random: options.random ?? Math.random,
      observer: options.observer ?? null,
      maxRetries: options.maxRetries ?? DEFAULT_LLM_MAX_RETRIES,
      attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
      maxCompletionTokens: options.maxCompletionTokens ?? DEFAULT_MAX_COMPLETION_TOKENS,
      maxResponseBytes: options.maxResponseBytes ?? MAX_MODEL_RESPONSE_BYTES,
      abortAfter: options.abortAfter ?? timerAbort,
    };
  }

  async plan(request: PlanRequest<Facts>): Promise<PlanResult> {
    const messages = buildPrompt(this.#prefix, request, this.#domain);
    const meta = {
      customerId: request.customerId,
      conversationId: request.conversationId ?? null,
      deadline: request.deadline ?? new TurnDeadline(this.#deps.clock, this.#turnTimeoutMs),
    };
    const reasons: string[] = [];
    for (let attempt = 0; attempt <= this.#maxRepairs; attempt++) {
      let reply: ModelReply;
      try {
        reply = await callModel(this.#deps, messages, meta);
      } catch (error) {
        if (error instanceof ModelUnavailableError) return this.#fallBack(request, error, reasons);
        throw error;
      }
      if (reply.kind === 'refused')
        return this.#escalation(request, `The model declined to plan: ${reply.reason}`, reasons, 'policy');
      const checked = reply.kind === 'parsed' ? this.#check(reply.value, request) : null;
      if (checked && reply.kind === 'parsed' && checked.issues.length === 0) {
        const prob = intentProbability(reply.content, reply.tokens);
        const confidence = temperConfidence(reply.value.confidence, prob);
        reasons.push(
          `model confidence ${reply.value.confidence}${prob === null ? '' : `, intent token probability ${prob.toFixed(3)}`}`,
        );
        const plan = { ...checked.plan, confidence };
        return (
          unlessContradicted(plan, request, this.#domain, this.#registry, reasons) ?? {
            plan,
            planner: 'llm',
            reasons,
          }
        );
      }
      const feedback = reply.kind === 'unusable' ? reply.feedback : issueFeedback(checked?.issues ?? []);
      reasons.push(`attempt ${attempt + 1} rejected: ${feedback}`);
      messages.push({ role: 'assistant', content: reply.content ?? '' }, { role: 'user', content: feedback });
    }
    return this.#escalation(
      request,
      `The model gave no valid plan after ${this.#maxRepairs} repairs`,
      reasons,
    );
  }

  /** The model's reading of an answer to a pending action (see `modelConsent`). */
  readConsent(request: ConsentRequest): Promise<ConsentAnswer | null> {
    const deadline = request.deadline ?? new TurnDeadline(this.#deps.clock, this.#turnTimeoutMs);
    return modelConsent(this.#deps, request, deadline);
  }

  /**
   * One call as a turn would make it (same model, schema and limits), no retry, no fallback:
   * throws the ModelUnavailableError that a turn would have fallen back from.
   */
  async probe(): Promise<void> {
    // The stable prefix and a greeting: no customer, so no facts to describe.
    const messages: PromptMessage[] = [
      { role: 'system', content: this.#prefix },
      { role: 'user', content: 'Hello' },
    ];
    const outcome = await attemptModelCall(this.#deps, messages, null, {
      ms: this.#deps.attemptTimeoutMs,
      kind: 'timeout',
    });
    if (!outcome.ok) {
      this.#deps.observer?.failed(outcome.error);
      throw outcome.error;
    }
    this.#deps.observer?.succeeded();
  }

  #check(value: ModelPlan, request: PlanRequest<Facts>): { plan: Plan; issues: PlanIssue[] } {
    const plan: Plan = {
      intent: value.intent,
      confidence: value.confidence,
      steps: value.steps.map((s) => ({ id: s.id, tool: s.tool, args: s.args as Record<string, unknown> })),
    };
    const asked = resolveModelAsk(value.ask, this.#questions, request.facts, this.#rephrase);
    if (asked.ask) plan.ask = asked.ask;
    const issues: PlanIssue[] = [...asked.issues];
    const scope = { ownership: (p: Plan) => this.#domain.ownership(p, request.facts, request.customerId) };
    try {
      validatePlan(plan, this.#registry, scope);
    } catch (error) {
      if (!(error instanceof PlanInvalidError)) throw error;
      issues.push(...error.issues);
    }
    return { plan, issues };
  }

  async #fallBack(
    request: PlanRequest<Facts>,
    error: ModelUnavailableError,
    reasons: string[],
  ): Promise<PlanResult> {
    const why = `model unavailable (${error.message})`;
    if (!this.#fallback) return this.#escalation(request, why, reasons);
    const result = await this.#fallback.plan(request);
    return {
      ...result,
      fallbackFrom: 'llm',
      reasons: [...reasons, `${why}; planned offline`, ...result.reasons],
    };
  }

  /** A hand-over that says why: the model failed, or it declined (a policy matter for staff). */
  #escalation(
    request: PlanRequest<Facts>,
    reason: string,
    reasons: string[],
    kind: EscalationReasonKind = 'model_failure',
  ): PlanResult {
    const last = request.messages.at(-1)?.text ?? '';
    return {
      plan: { ...this.#domain.handover(`${reason}. Customer wrote: ${last}`, 0), handoff: { kind, reason } },
      planner: 'llm',
      reasons: [...reasons, reason],
      escalate: reason,
    };
  }
}

function issueFeedback(issues: PlanIssue[]): string {
  const list = issues.map(
    (i) => `${i.code}${i.stepId ? ` [${i.stepId}]` : ''} at ${i.path.join('.')}: ${i.message}`,
  );
  return `The plan was rejected by validation: ${list.join('; ')}. Answer with a corrected plan.`;
}
