import { parseArgs } from 'node:util';
import type { CustomerQuery } from '../../domains/retail/customers.js';
import { InputError } from '../../errors.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { describeOrder } from '../render.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  email: { type: 'string' },
  name: { type: 'string' },
  postal: { type: 'string' },
} as const;

/** `keel shop show ORDER` and `keel shop find` (staff look a customer up before acting for them). */
export async function shopCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  const [action, orderId] = positionals;
  if (action === 'find') return find(io, values);
  if (action !== 'show' || !orderId) {
    throw new InputError(
      'keel shop needs: show ORDER, or find --email EMAIL, or find --name NAME --postal CODE',
    );
  }
  return withApp(io, { db: values.db }, async (app) => {
    const record = await app.shop.describeOrder(orderId.toUpperCase());
    if (!record) throw new InputError(`No order "${orderId}" in the shop`);
    if (values.json) println(io.stdout, JSON.stringify(record, null, 2));
    else for (const line of describeOrder(record)) println(io.stdout, line);
    return EXIT.completed;
  });
}

/** A name alone is not unique, so it needs the postal code; an email is enough on its own. */
function queryOf(values: { email?: string; name?: string; postal?: string }): CustomerQuery {
  if (values.email?.trim()) return { email: values.email };
  if (values.name?.trim() && values.postal?.trim()) return { name: values.name, postalCode: values.postal };
  throw new InputError('keel shop find needs --email EMAIL, or --name NAME with --postal CODE');
}

async function find(
  io: CliIo,
  values: { db: string; json: boolean; email?: string; name?: string; postal?: string },
): Promise<number> {
  const query = queryOf(values);
  return withApp(io, { db: values.db }, async (app) => {
    const found = await app.shop.findCustomers(query);
    if (values.json) println(io.stdout, JSON.stringify(found, null, 2));
    else if (found.length === 0) println(io.stdout, 'no customer matches');
    else for (const c of found) println(io.stdout, `${c.customerId}  ${c.name}  ${c.email}  ${c.postalCode}`);
    // Several matches are listed for staff to tell apart; none is not an error of the command.
    return EXIT.completed;
  });
}
