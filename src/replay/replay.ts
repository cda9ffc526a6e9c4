/**
 * `src/replay`: recorded conversations (cassettes): recording them from `keel run`, `keel chat`
 * and `keel serve`, replaying them against the real agent with the model served from the file,
 * and reporting drift; here the replay, beside it the cassette format, recorders and virtual time.
 * It may import the engine and the retail domain it replays; the engine never imports it, and it
 * loads msw only on demand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { ToolRegistry } from '../tools/registry.js';
import { Cassette } from './cassette.js';
import { cassetteFetch } from './cassette-fetch.js';
import { diffJson } from './diff.js';
import { expectationOf, recordedOutcome, runSession, type TurnRun } from './session.js';

export interface ReplayOptions {
  /** Rewrite the cassette's expectations (and request bodies) from this run. @default false */
  update?: boolean;
  /** Replay with another toolset, to see which conversations a change would alter. */
  registry?: ToolRegistry;
  /** Settings to change for this replay (e.g. a fault), on top of the recorded ones. */
  env?: Record<string, string>;
}

export interface TurnReport {
  turn: number;
  customer: string;
  drifts: string[];
}

export interface ReplayReport {
  name: string;
  file: string | null;
  ok: boolean;
  turns: TurnReport[];
  updated: boolean;
}

/** Reads and checks a cassette file; a bad file is bad input with the reason. */
export function loadCassette(file: string): Cassette {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`Cannot read cassette "${file}": ${(error as Error).message}`);
  }
  const parsed = Cassette.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`"${file}" is not a keel cassette (v1): ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Replays a recorded conversation: the recorded model responses are served through msw request
 * handlers (no network, no key), the real agent runs against a fresh sandbox at the recorded
 * clock, and every turn is compared with what was recorded. Usable from any vitest suite.
 */
export async function replayConversation(
  source: string | Cassette,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const file = typeof source === 'string' ? source : null;
  const cassette = typeof source === 'string' ? loadCassette(source) : source;
  const served = cassette.turns.map(() => [] as unknown[]);
  let turn = 0;
  const fetch = await cassetteFetch(cassette, served, () => turn);
  const spec = { ...cassette, env: { ...cassette.env, ...options.env } };
  const runs = await runSession(spec, {
    fetch,
    onTurn: (index) => {
      turn = index;
    },
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const turns = cassette.turns.map((recorded, index) => ({
    turn: index + 1,
    customer: recorded.customer,
    drifts: compareTurn(recorded, runs[index], served[index] ?? []),
  }));
  const ok = turns.every((t) => t.drifts.length === 0);
  if (options.update && !ok && file)
    writeFileSync(file, `${JSON.stringify(updated(cassette, runs, served), null, 2)}\n`);
  return { name: cassette.name, file, ok, turns, updated: Boolean(options.update && !ok && file) };
}

function compareTurn(
  recorded: Cassette['turns'][number],
  run: TurnRun | undefined,
  sent: unknown[],
): string[] {
  if (!run) return ['the turn did not run'];
  const drifts: string[] = [];
  recorded.exchanges.forEach((exchange, i) => {
    if (i >= sent.length) return;
    const diff = diffJson(exchange.request.body, sent[i]);
    if (diff) drifts.push(`the prompt changed (model call ${i + 1}):\n${diff}`);
  });
  if (sent.length !== recorded.exchanges.length) {
    drifts.push(`model calls: recorded ${recorded.exchanges.length}, now ${sent.length}`);
  }
  const now = expectationOf(run);
  const was = recorded.expect;
  const show = (plan: typeof was.plan) =>
    plan ? `${plan.intent} [${plan.steps.join(', ')}]${plan.asks ? ' (asks)' : ''}` : 'none';
  if (show(was.plan) !== show(now.plan))
    drifts.push(`the plan changed: was ${show(was.plan)}, now ${show(now.plan)}`);
  if (was.workflowStatus !== now.workflowStatus) {
    drifts.push(`the workflow ended differently: was ${was.workflowStatus}, now ${now.workflowStatus}`);
  }
  if (was.tools.join() !== now.tools.join()) {
    drifts.push(`a step's outcome changed: was [${was.tools.join(', ')}], now [${now.tools.join(', ')}]`);
  }
  if (was.conversationStatus !== now.conversationStatus) {
    drifts.push(
      `the conversation status changed: was ${was.conversationStatus}, now ${now.conversationStatus}`,
    );
  }
  for (const fact of was.replyFacts) {
    if (!run.outcome.reply.includes(fact))
      drifts.push(`the reply lost a fact: "${fact}" (reply: ${run.outcome.reply})`);
  }
  if (recorded.afterDecision) drifts.push(...compareDecision(recorded.afterDecision, run));
  return drifts;
}

function compareDecision(was: { workflowStatus: string; replyFacts: string[] }, run: TurnRun): string[] {
  const now = run.afterDecision;
  if (!now) return ['the decision found no open escalation to apply to'];
  const drifts: string[] = [];
  if (was.workflowStatus !== now.workflowStatus) {
    drifts.push(
      `after the decision the workflow ended differently: was ${was.workflowStatus}, now ${now.workflowStatus}`,
    );
  }
  for (const fact of was.replyFacts) {
    if (!now.reply.includes(fact)) drifts.push(`the reply after the decision lost a fact: "${fact}"`);
  }
  return drifts;
}

function updated(cassette: Cassette, runs: TurnRun[], served: unknown[][]): Cassette {
  return {
    ...cassette,
    turns: cassette.turns.map((turn, index) => {
      const run = runs[index];
      if (!run) return turn;
      const exchanges = turn.exchanges.map((e, i) => ({
        ...e,
        request: { ...e.request, body: served[index]?.[i] ?? e.request.body },
      }));
      return {
        ...turn,
        exchanges,
        ...recordedOutcome(run),
      };
    }),
  };
}
