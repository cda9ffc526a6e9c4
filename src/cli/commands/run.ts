import { parseArgs } from 'node:util';
import { withApp } from '../app.js';
import { type CliIo, println } from '../io.js';
import { describeResult, exitCodeFor, progressPrinter } from '../render.js';
import { MESSAGE_OPTIONS, messageArgs } from './plan.js';
import { recordRun } from './record.js';

/** `keel run "MESSAGE" --customer ID`: plans, gates, executes, prints the reply and the outcome. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: MESSAGE_OPTIONS });
  const { text, customerId, planner } = messageArgs(positionals, values);
  if (values.record)
    return recordRun(io, { text, customerId, file: values.record, ...(planner ? { planner } : {}) });
  const onEvent = values.json ? undefined : progressPrinter(io.stdout);
  const options = { db: values.db, ...(planner ? { planner } : {}), ...(onEvent ? { onEvent } : {}) };
  return withApp(io, options, async (app) => {
    const { threshold: _, wouldWait: __, ...planned } = await app.plan(customerId, text);
    const turn = await app.run(planned, customerId);
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
