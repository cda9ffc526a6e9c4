import type { TurnOutcome } from '../agent/conversation.js';
import { packagePath } from '../assets.js';
import { openRetailKeel, type RetailKeelApp } from '../domains/retail/open-retail-keel.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { TurnExpectation } from './cassette.js';
import { seededRandom, sequentialIds } from './ids.js';
import { VirtualTime } from './virtual-time.js';

/** What a recorded or replayed conversation needs to run the real agent. */
export interface SessionSpec {
  customerId: string;
  clock: string;
  seed: string;
  planner: 'llm' | 'offline';
  model: string | null;
  env: Record<string, string>;
  turns: {
    customer: string;
    decision?: { decision: 'approve' | 'reject'; note: string | null } | undefined;
  }[];
}

export interface TurnRun {
  outcome: TurnOutcome;
  afterDecision?: { workflowStatus: string; reply: string };
}

export interface SessionOptions {
  /** Model HTTP calls go through this fetch (recording or recorded responses). */
  fetch?: typeof globalThis.fetch;
  /** Called before each turn, so a recorder can file exchanges under it. */
  onTurn?: (index: number) => void;
  /** A different toolset, e.g. to see what a change would do to recorded conversations. */
  registry?: ToolRegistry;
  /** Real credentials when recording against a live model; never written to a cassette. */
  credentials?: { apiKey: string | null; baseURL: string | null };
}

/**
 * Runs a conversation through the real agent against a fresh in-memory sandbox on virtual time,
 * seeded at the spec's clock, with sequential ids: the same spec and the same model responses
 * give the same prompts, plans, steps and replies.
 */
export async function runSession(spec: SessionSpec, options: SessionOptions = {}): Promise<TurnRun[]> {
  const time = new VirtualTime(spec.clock);
  const llm = spec.planner === 'llm';
  const keel: RetailKeelApp = openRetailKeel({
    dbPath: ':memory:',
    env: {
      ...spec.env,
      ...(llm
        ? {
            OPENAI_API_KEY: options.credentials?.apiKey ?? 'sk-replay-not-a-real-key',
            KEEL_MODEL: spec.model ?? 'gpt-4o-mini',
          }
        : {}),
      ...(llm && options.credentials?.baseURL ? { OPENAI_BASE_URL: options.credentials.baseURL } : {}),
    },
    planner: spec.planner,
    // A cassette names its seed by its path in the package (`fixtures/shop`).
    seedDir: packagePath(spec.seed),
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds(), random: seededRandom(1) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  try {
    const conversation = await keel.startConversation(spec.customerId);
    const runs: TurnRun[] = [];
    for (const [index, turn] of spec.turns.entries()) {
      options.onTurn?.(index);
      const outcome = await keel.post(conversation.id, spec.customerId, turn.customer);
      const open = outcome.workflow?.escalation;
      if (!turn.decision || !open) {
        runs.push({ outcome });
        continue;
      }
      const decided = await keel.decide(open.id, { ...turn.decision, decidedBy: 'replay' });
      const view = await keel.viewConversation(conversation.id, spec.customerId);
      const posted = view.messages.at(-1);
      runs.push({
        outcome,
        afterDecision: { workflowStatus: decided.workflow.status, reply: posted?.text ?? '' },
      });
    }
    return runs;
  } finally {
    keel.close();
  }
}

/** What a turn led to, in the form cassettes store and compare. */
export function expectationOf(run: TurnRun): TurnExpectation {
  const { outcome } = run;
  const plan = outcome.planned?.plan;
  return {
    plan: plan
      ? { intent: plan.intent, steps: plan.steps.map((s) => s.tool), asks: plan.ask !== undefined }
      : null,
    workflowStatus: outcome.workflow?.workflow.status ?? null,
    tools: (outcome.workflow?.steps ?? []).map((s) => `${s.tool}:${s.status}`),
    conversationStatus: outcome.status,
    replyFacts: factsOf(outcome.reply),
  };
}

/** A turn's expectation, and the outcome of its decision when one was applied. */
export function recordedOutcome(run: TurnRun): {
  expect: TurnExpectation;
  afterDecision?: { workflowStatus: string; replyFacts: string[] };
} {
  const after = run.afterDecision;
  return {
    expect: expectationOf(run),
    ...(after
      ? { afterDecision: { workflowStatus: after.workflowStatus, replyFacts: factsOf(after.reply) } }
      : {}),
  };
}

/** The facts of a reply worth pinning: amounts, order numbers, dates and carriers. */
export function factsOf(reply: string): string[] {
  const patterns = [
    /\d+\.\d\d [A-Z]{3}/g,
    /ORD-\d+/g,
    /\d{4}-\d\d-\d\d/g,
    /\b(UPS|FedEx|USPS|DHL)\b/g,
    /60-day return window/g,
  ];
  return [...new Set(patterns.flatMap((p) => reply.match(p) ?? []))];
}
