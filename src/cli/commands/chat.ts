import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { KeelApp } from '../../agent/keel-app.js';
import { llmConfigFromEnv } from '../../config/llm-env.js';
import { classifyError } from '../../error-codes.js';
import { renderAsk } from '../../planner/ask.js';
import type { PlanResult } from '../../planner/planner.js';
import { ChatRecorder } from '../../replay/chat-recorder.js';
import { seededRandom, sequentialIds } from '../../replay/ids.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { describeResult, progressPrinter } from '../render.js';

const HELP =
  "Paste the customer's message. Commands: /plan (last plan), /approve [note], /reject [note], /quit.";

/** `keel chat --customer ID`: a support agent's terminal session for one customer. */
export async function chatCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_OPTIONS,
      customer: { type: 'string' },
      planner: { type: 'string' },
      record: { type: 'string' },
    },
  });
  const customerId = values.customer;
  if (!customerId) {
    println(io.stderr, 'keel chat needs --customer ID');
    return EXIT.badInput;
  }
  const planner: 'llm' | 'offline' | undefined =
    values.planner === 'llm' || values.planner === 'offline' ? values.planner : undefined;
  const recorder = values.record ? chatRecorder(io, values.record, customerId, planner) : null;
  // The support agent is the one confirming, so the agent does not ask the customer to.
  const options = {
    db: recorder ? ':memory:' : values.db,
    'database-url': recorder ? undefined : values['database-url'],
    confirmWrites: false,
    ...(planner ? { planner } : {}),
    ...(recorder
      ? { fetch: recorder.fetch, runtime: { ...io.runtime, ids: sequentialIds(), random: seededRandom(1) } }
      : {}),
  };
  return withApp(io, options, async (app) => {
    const session = new ChatSession(app, io, customerId, recorder);
    println(io.stdout, `keel chat for ${customerId} (planner ${app.planner.name}). ${HELP}`);
    const input = io.stdin ?? process.stdin;
    const lines = createInterface({ input, terminal: false });
    let exit: number = EXIT.completed;
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      if (line === '/quit' || line === '/exit') break;
      const ended = await session.handle(line);
      if (ended !== null) {
        exit = ended;
        break;
      }
    }
    // /quit leaves stdin open; closing it lets the process end.
    lines.close();
    if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
    return exit;
  });
}

/** Recording runs on a fresh in-memory sandbox seeded now, so the cassette replays exactly. */
function chatRecorder(
  io: CliIo,
  file: string,
  customerId: string,
  planner: 'llm' | 'offline' | undefined,
): ChatRecorder {
  const config = llmConfigFromEnv(io.env);
  const kind = planner ?? (config ? 'llm' : 'offline');
  const env = {
    KEEL_CONFIRM_WRITES: '0',
    ...(io.env.KEEL_SANDBOX_FAULTS ? { KEEL_SANDBOX_FAULTS: io.env.KEEL_SANDBOX_FAULTS } : {}),
  };
  return new ChatRecorder(resolve(io.cwd, file), {
    name: file.replace(/^.*\//, '').replace(/\.json$/, ''),
    description: `Recorded with keel chat for ${customerId}`,
    customerId,
    clock: (io.runtime?.clock?.now() ?? new Date()).toISOString(),
    planner: kind,
    model: kind === 'llm' ? (config?.model ?? null) : null,
    env,
  });
}

class ChatSession {
  // Started with the session; every use waits for it, so a failure surfaces at the first line.
  readonly #conversation: Promise<string>;
  #lastPlan: PlanResult | null = null;
  #lastWorkflow: string | null = null;

  constructor(
    readonly app: KeelApp,
    readonly io: CliIo,
    readonly customerId: string,
    readonly recorder: ChatRecorder | null,
  ) {
    this.#conversation = app.startConversation(customerId).then((c) => c.id);
    // Reported by the first line that uses it; not an unhandled rejection meanwhile.
    this.#conversation.catch(() => {});
    app.subscribe(progressPrinter(io.stdout));
  }

  /** Handles one line; an error the table says ends a session returns its exit code. */
  async handle(line: string): Promise<number | null> {
    try {
      if (line === '/plan') this.#showPlan();
      else if (/^\/(approve|reject)\b/.test(line)) await this.#decide(line);
      else if (line.startsWith('/')) println(this.io.stdout, `unknown command ${line}. ${HELP}`);
      else await this.#post(line);
      return null;
    } catch (error) {
      return chatError(error, this.io);
    }
  }

  async #post(line: string): Promise<void> {
    const text = this.recorder ? this.recorder.begin(line) : line;
    const outcome = await this.app.post(await this.#conversation, this.customerId, text, {
      onPlan: (planned, about) => {
        this.#lastPlan = planned;
        println(
          this.io.stdout,
          `plan: ${planned.plan.intent} (${planned.planner}, confidence ${planned.plan.confidence.toFixed(2)})${planned.plan.ask ? ' asks' : ''}`,
        );
        // The support agent's message is the yes; they see what it is a yes to before it runs.
        if (about) println(this.io.stdout, `About to: ${about}`);
      },
    });
    if (outcome.workflow) this.#lastWorkflow = outcome.workflow.workflow.id;
    this.recorder?.end(text, outcome);
    println(this.io.stdout, `reply: ${outcome.reply}`);
    println(this.io.stdout, `status: ${outcome.status}`);
  }

  #showPlan(): void {
    const planned = this.#lastPlan;
    if (!planned) {
      println(this.io.stdout, 'no plan yet');
      return;
    }
    println(
      this.io.stdout,
      `intent ${planned.plan.intent}, confidence ${planned.plan.confidence.toFixed(2)}, planner ${planned.planner}`,
    );
    for (const s of planned.plan.steps)
      println(this.io.stdout, `  ${s.id} ${s.tool} ${JSON.stringify(s.args)}`);
    const { ask } = planned.plan;
    if (ask) println(this.io.stdout, `  asks (${ask.kind}): ${renderAsk(this.app.domain, ask)}`);
    for (const reason of planned.reasons) println(this.io.stdout, `  - ${reason}`);
  }

  async #decide(line: string): Promise<void> {
    const [, verb = '', rest = ''] = /^\/(approve|reject)\b\s*(.*)$/.exec(line) ?? [];
    const decision = verb as 'approve' | 'reject';
    const note = rest || null;
    const open = this.#lastWorkflow
      ? await this.app.escalations({ workflowId: this.#lastWorkflow, status: 'open' })
      : [];
    const escalation = open.at(-1);
    if (!escalation) return println(this.io.stdout, 'nothing is waiting for a decision');
    const result = await this.app.decide(escalation.id, {
      decision,
      decidedBy: this.io.env.USER ?? 'support',
      note,
    });
    println(this.io.stdout, `${decision === 'approve' ? 'approved' : 'rejected'} ${escalation.id}`);
    const view = await this.app.viewConversation(await this.#conversation, this.customerId);
    const posted = view.messages.at(-1);
    this.recorder?.decided(decision, note, result.workflow.status, posted?.text ?? '');
    if (posted?.role === 'agent') println(this.io.stdout, `reply: ${posted.text}`);
    for (const l of describeResult(result)) println(this.io.stdout, l);
  }
}

/**
 * `keel chat`'s one error mapping, through the error table: the staff member sees the code and
 * message; an error whose `session` is `end` closes the session with the table's exit code.
 * @internal exported for the test that walks the table.
 */
export function chatError(error: unknown, io: CliIo): number | null {
  const { code, entry, message } = classifyError(error);
  println(io.stdout, `error: ${message} (${code}${entry.retryable ? ', try again' : ''})`);
  if (entry.session === 'continue') return null;
  println(io.stdout, 'the session cannot go on; ending it');
  return entry.exit;
}
