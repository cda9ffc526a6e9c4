import { parseArgs } from 'node:util';
import { InputError } from '../../errors.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { describeResult, escalationRow } from '../render.js';

export async function escalationsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      note: { type: 'string' },
      by: { type: 'string' },
      all: { type: 'boolean', default: false },
    },
  });
  const [action, id] = positionals;
  return withApp(io, { db: values.db }, async (app) => {
    if (action === 'list') {
      const escalations = await app.escalations(values.all ? {} : { status: 'open' });
      if (values.json) println(io.stdout, JSON.stringify({ escalations }, null, 2));
      else if (escalations.length === 0)
        println(io.stdout, values.all ? 'no escalations' : 'no open escalations');
      else for (const e of escalations) println(io.stdout, escalationRow(e));
      return EXIT.completed;
    }
    if (action === 'approve' || action === 'reject') {
      if (!id) throw new InputError(`keel escalations ${action} needs an escalation ID`);
      const decidedBy = values.by ?? io.env.USER ?? 'cli';
      const result = await app.decide(id, {
        decision: action,
        decidedBy,
        note: values.note ?? null,
      });
      if (values.json) println(io.stdout, JSON.stringify(result, null, 2));
      else {
        println(
          io.stdout,
          result.applied
            ? `${action === 'approve' ? 'approved' : 'rejected'} ${id}`
            : `${id} was already decided; nothing changed`,
        );
        for (const line of describeResult(result)) println(io.stdout, line);
      }
      return EXIT.completed;
    }
    throw new InputError('keel escalations needs list, approve ID or reject ID');
  });
}
