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
 * prints what it would do and exits 4, needs confirmation. A read-only plan runs as is.
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
    const { threshold: _, wouldWait: __, ...planned } = await app.plan(customerId, text);
    // Previewed even with --yes: what runs is the plan narrowed to what can be done.
    const gate = await app.runGate(planned, customerId);
    if (gate.kind === 'refuse') {
      if (values.json) println(io.stdout, JSON.stringify({ status: 'refused', reply: gate.reply }, null, 2));
      else println(io.stdout, `reply: ${gate.reply}`);
      return EXIT.failed;
    }
    const pending = gate.kind === 'ask' ? gate.action : null;
    if (pending && !values.yes && !(await typedYes(io, pending, values.json === true))) {
      if (values.json)
        println(io.stdout, JSON.stringify({ status: 'needs_confirmation', pendingAction: pending }, null, 2));
      else println(io.stdout, `Needs confirmation: ${pending.confirmation}. Run again with --yes to do it.`);
      return EXIT.needsConfirmation;
    }
    const turn = await app.run(pending?.planned ?? planned, customerId);
    if (values.json) {
      println(
        io.stdout,
        JSON.stringify({ reply: turn.reply, planned: turn.planned, ...turn.result }, null, 2),
      );
    } else {
      println(io.stdout, `reply: ${turn.reply}`);
      for (const line of describeResult(turn.result)) println(io.stdout, line);
    }
    return exitCodeFor(turn.result.workflow.status);
  });
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
