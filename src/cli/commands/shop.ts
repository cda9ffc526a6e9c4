import { parseArgs } from 'node:util';
import { InputError } from '../../errors.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { describeOrder } from '../render.js';

export async function shopCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
  const [action, orderId] = positionals;
  if (action !== 'show' || !orderId) throw new InputError('keel shop needs: show ORDER');
  return withApp(io, { db: values.db, 'database-url': values['database-url'] }, async (app) => {
    const record = await app.shop.describeOrder(orderId.toUpperCase());
    if (!record) throw new InputError(`No order "${orderId}" in the shop`);
    if (values.json) println(io.stdout, JSON.stringify(record, null, 2));
    else for (const line of describeOrder(record)) println(io.stdout, line);
    return EXIT.completed;
  });
}
