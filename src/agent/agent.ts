import { DEFAULT_CONFIDENCE_THRESHOLD } from '../defaults.js';
import { PlanInvalidError } from '../errors.js';
import type { ConsentAnswer } from '../planner/consent-answer.js';
import type {
  ConsentRequest,
  ConversationMessage,
  PendingRequest,
  Planner,
  PlanResult,
} from '../planner/planner.js';
import type { TurnDeadline } from '../planner/turn-deadline.js';
import type { Domain } from './domain.js';
import type { Executor, WorkflowResult } from './executor.js';
import { confidenceGate, wouldWait } from './gate.js';
import { composeReply } from './reply.js';

export interface AgentOptions {
  planner: Planner;
  executor: Executor;
  /** The domain the agent serves: its facts for the planner, hand-over and reply templates. */
  domain: Domain;
  /** Plans under this confidence wait for a human. @default DEFAULT_CONFIDENCE_THRESHOLD */
  confidenceThreshold?: number;
}

export interface TurnRequest {
  /** The authenticated customer. */
  customerId: string;
  /** The conversation so far, the message to answer last. */
  messages: ConversationMessage[];
  conversationId?: string | null;
  /** When the turn's model path must be over. @default the planner's own turn timeout */
  deadline?: TurnDeadline;
  /** The customer's facts when the caller fetched them already. @default fetched from the domain */
  facts?: unknown;
  /** The write waiting for the customer's yes, for a correction to change. @default none */
  pending?: PendingRequest;
  /** The message this request is one of, when it held several (see `PlanRequest.split`). @default none */
  split?: { message: string };
}

export interface TurnResult {
  planned: PlanResult;
  result: WorkflowResult;
  /** The answer for the customer, built from what happened. */
  reply: string;
}

/** One customer turn: plan, gate, execute, reply. */
export class Agent {
  readonly #planner: Planner;
  readonly #executor: Executor;
  readonly #domain: Domain;
  readonly threshold: number;

  constructor(options: AgentOptions) {
    this.#planner = options.planner;
    this.#executor = options.executor;
    this.#domain = options.domain;
    this.threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  }

  /** Plans without running anything; the customer's facts come from the domain, scoped to them. */
  async plan(request: TurnRequest): Promise<PlanResult> {
    const facts = request.facts ?? (await this.#domain.facts(request.customerId));
    return this.#planner.plan({ ...request, facts });
  }

  /**
   * The active planner's classification of an answer to a pending action, or null when it has
   * none or failed (see `decideConsent` for how it is used).
   */
  async readConsent(request: ConsentRequest): Promise<ConsentAnswer | null> {
    if (!this.#planner.readConsent) return null;
    return this.#planner.readConsent(request).catch(() => null);
  }

  async handle(request: TurnRequest): Promise<TurnResult> {
    return this.execute(await this.plan(request), request);
  }

  /** Runs a plan a planner produced (or a confirmed one), through the confidence gate. */
  async execute(planned: PlanResult, request: Omit<TurnRequest, 'messages'>): Promise<TurnResult> {
    const { plan } = planned;
    const gate = confidenceGate(planned, this.threshold);
    const base = { customerId: request.customerId, conversationId: request.conversationId ?? null };
    let result: WorkflowResult;
    try {
      result = await this.#executor.start({ ...base, plan, ...(gate ? { gate } : {}) });
    } catch (error) {
      // A planner's plan should always validate; if one does not, a person takes the turn.
      if (!(error instanceof PlanInvalidError)) throw error;
      const escalated = {
        ...planned,
        escalate: error.message,
        // The engine says why a person is needed; the domain only knows how to hand over.
        plan: {
          ...this.#domain.handover(`Invalid plan: ${error.message}`, 0),
          handoff: {
            kind: 'model_failure' as const,
            reason: `The ${planned.planner} planner made a plan that does not validate`,
          },
        },
      };
      result = await this.#executor.start({ ...base, plan: escalated.plan });
      return { planned: escalated, result, reply: composeReply(this.#domain, escalated, result) };
    }
    return { planned, result, reply: composeReply(this.#domain, planned, result) };
  }

  /** Whether a plan would wait for a human rather than run. */
  wouldWait(planned: PlanResult): boolean {
    return wouldWait(planned, this.threshold);
  }
}
