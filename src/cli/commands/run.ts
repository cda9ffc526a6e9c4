import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { PendingAction } from '../../agent/pending-action.js';
import { readConsent } from '../../planner/consent/consent.js';
import { withApp } from '../app.js';
import { type CliIo, EXIT, println } from '../io.js';
import { describeResult, exitCodeFor, progressPrinter } from '../render.js';
import { MESSAGE_OPTIONS, messageArgs } from './plan.js';
import { recordRun } from './record.js';

/**
 * `keel run "MESSAGE" --customer ID [--yes]`: plans, gates, executes, prints the reply and the
 * outcome. A plan that writes runs only with `--yes` (or a yes typed at a terminal); otherwise it
 * prints what it would do and exits 4, needs confirmation. A read-only plan runs as is. A message
 * with several requests runs them one after another, each gated on its own.
 */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...MESSAGE_OPTIONS, yes: { type: 'boolean' } },
  });
  const { text, customerId, planner } = messageArgs(positionals, values);
  if (values.record)
    return recordRun(io, { text, customerId, file: values.record, ...(planner ? { planner } : {}) });
  const onEvent = values.json ? undefined : progressPrinter(io.stdout);
  const options = {
    db: values.db,
    'database-url': values['database-url'],
    ...(planner ? { planner } : {}),
    ...(onEvent ? { onEvent } : {}),
  };
  return withApp(io, options, async (app) => {
    // A message with several requests is handled one request after another, each write gated on
    // its own (its own preview, its own --yes or typed yes), as a conversation would.
    const requests = await app.requests(customerId, text);
    const several = requests.length > 1;
    const outcomes: RequestRun[] = [];
    for (const [i, request] of requests.entries()) {
      if (several && !values.json) println(io.stdout, `request ${i + 1} of ${requests.length}: ${request}`);
      const within = several ? text : undefined;
      outcomes.push(
        await runRequest(app, io, {
          request,
          within,
          customerId,
          yes: values.yes === true,
          json: values.json === true,
        }),
      );
    }
    if (values.json) {
      const [only] = outcomes;
      const body = several
        ? { requests: outcomes.map((o, i) => ({ request: requests[i], ...o.json })) }
        : only?.json;
      println(io.stdout, JSON.stringify(body, null, 2));
    }
    return worstExit(outcomes.map((o) => o.code));
  });
}

/** What running one request printed (or will print, as JSON) and its exit code. */
interface RequestRun {
  code: number;
  json: Record<string, unknown>;
}

type RunApp = Parameters<Parameters<typeof withApp>[2]>[0];

/** Plans, previews and, when agreed, runs one request; prints it unless the output is JSON. */
async function runRequest(
  app: RunApp,
  io: CliIo,
  r: { request: string; within: string | undefined; customerId: string; yes: boolean; json: boolean },
): Promise<RequestRun> {
  const { threshold: _, wouldWait: __, ...planned } = await app.plan(r.customerId, r.request, r.within);
  // Previewed even with --yes: what runs is the plan narrowed to what can be done.
  const gate = await app.runGate(planned, r.customerId);
  if (gate.kind === 'refuse') {
    if (!r.json) println(io.stdout, `reply: ${gate.reply}`);
    return { code: EXIT.failed, json: { status: 'refused', reply: gate.reply } };
  }
  const pending = gate.kind === 'ask' ? gate.action : null;
  if (pending && !r.yes && !(await typedYes(io, pending, r.json))) {
    if (!r.json)
      println(io.stdout, `Needs confirmation: ${pending.confirmation}. Run again with --yes to do it.`);
    return { code: EXIT.needsConfirmation, json: { status: 'needs_confirmation', pendingAction: pending } };
  }
  const turn = await app.run(pending?.planned ?? planned, r.customerId);
  if (!r.json) {
    println(io.stdout, `reply: ${turn.reply}`);
    for (const line of describeResult(turn.result)) println(io.stdout, line);
  }
  const json = { reply: turn.reply, planned: turn.planned, ...turn.result };
  return { code: exitCodeFor(turn.result.workflow.status), json };
}

/** The exit code of several requests: the worst of theirs (failed, then waiting, then unconfirmed). */
function worstExit(codes: number[]): number {
  for (const code of [EXIT.failed, EXIT.waiting, EXIT.needsConfirmation])
    if (codes.includes(code)) return code;
  return EXIT.completed;
}

/** At a terminal (both ends, no --json), the person running it may answer the question instead. */
async function typedYes(io: CliIo, pending: PendingAction, json: boolean): Promise<boolean> {
  const input = io.stdin ?? process.stdin;
  if (json || !io.stdout.isTTY || !(input as { isTTY?: boolean }).isTTY) return false;
  io.stdout.write(`I can do that: ${pending.confirmation}. Shall I go ahead? `);
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return readConsent(line).kind === 'yes';
    return false;
  } finally {
    lines.close();
  }
}
