import { parseArgs } from 'node:util';
import { InputError } from '../../errors.js';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../../store/store.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { describeResult, timelineRow, workflowRow } from '../render.js';

export async function workflowsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, status: { type: 'string' } },
  });
  const [action, id] = positionals;
  const json = (value: unknown) => println(io.stdout, JSON.stringify(value, null, 2));
  return withApp(io, { db: values.db }, async (app) => {
    if (action === 'list') {
      const status = values.status;
      if (status !== undefined && !(WORKFLOW_STATUSES as readonly string[]).includes(status)) {
        throw new InputError(`--status must be one of ${WORKFLOW_STATUSES.join(', ')}`);
      }
      const workflows = await app.workflows(status ? { status: status as WorkflowStatus } : {});
      if (values.json) json({ workflows });
      else if (workflows.length === 0) println(io.stdout, 'no workflows');
      else for (const w of workflows) println(io.stdout, workflowRow(w));
      return EXIT.completed;
    }
    if (action === 'show') {
      if (!id) throw new InputError('keel workflows show needs a workflow ID');
      const result = await app.workflow(id);
      const journal = await app.journal(id);
      const escalations = await app.escalations({ workflowId: id });
      if (values.json) json({ ...result, escalations, journal });
      else {
        for (const line of describeResult(result)) println(io.stdout, line);
        println(io.stdout, 'timeline:');
        for (const event of journal) println(io.stdout, `  ${timelineRow(event)}`);
      }
      return EXIT.completed;
    }
    if (action === 'recover') {
      // Through the app, so customers hear the outcomes and replies a crash left owed are posted.
      const { resumed: results } = await app.recover();
      if (values.json)
        json({ recovered: results.map((r) => ({ id: r.workflow.id, status: r.workflow.status })) });
      else {
        println(io.stdout, `recovered ${results.length} workflow${results.length === 1 ? '' : 's'}`);
        for (const r of results) println(io.stdout, `  ${workflowRow(r.workflow)}`);
      }
      return EXIT.completed;
    }
    throw new InputError('keel workflows needs list, show ID or recover');
  });
}
