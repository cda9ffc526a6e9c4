import { parseArgs } from 'node:util';
import { InputError } from '../../errors.js';
import { STAFF_NAME } from '../../store/console-store.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { openConsoleStore } from '../open-console-store.js';
import { oneLine } from '../terminal-text.js';

/**
 * `keel staff add NAME` issues a personal staff token (shown once; only its hash is stored, and
 * adding the same name again replaces it), `keel staff remove NAME` revokes it, `keel staff list`
 * lists them, on SQLite (--db) or PostgreSQL (--database-url, KEEL_DATABASE_URL). Decisions, takeovers and messages made with a token record its name.
 */
export async function staffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
  const [action, ...rest] = positionals;
  const name = rest.join(' ').trim();
  const database = { db: values.db, 'database-url': values['database-url'] };
  if (action === 'list') {
    return withApp(io, database, async (app) => {
      const staff = await (await openConsoleStore(app)).listStaff();
      if (values.json) println(io.stdout, JSON.stringify(staff));
      else
        for (const s of staff)
          println(
            io.stdout,
            `${oneLine(s.name)}  added ${s.createdAt}${s.revokedAt ? `  revoked ${s.revokedAt}` : ''}`,
          );
      return EXIT.completed;
    });
  }
  if ((action !== 'add' && action !== 'remove') || !name)
    throw new InputError('keel staff needs: add NAME | remove NAME | list');
  if (!STAFF_NAME.test(name))
    throw new InputError(
      'A staff name is 1-64 letters, digits, spaces or . _ @ - (starting and ending with a letter or digit)',
    );
  return withApp(io, database, async (app) => {
    const store = await openConsoleStore(app);
    const at = app.runtime.clock.now().toISOString();
    if (action === 'remove') {
      if (!(await store.revokeStaff(name, at))) throw new InputError(`No active staff member "${name}"`);
      println(
        io.stdout,
        values.json ? JSON.stringify({ name, revoked: true }) : `revoked the token of ${name}`,
      );
      return EXIT.completed;
    }
    const token = await store.addStaff(name, at);
    if (values.json) println(io.stdout, JSON.stringify({ name, token }));
    else {
      println(io.stdout, `staff token for ${name} (shown once; keep it secret):`);
      println(io.stdout, token);
    }
    return EXIT.completed;
  });
}
