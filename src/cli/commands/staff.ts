import { parseArgs } from 'node:util';
import { ConfigError, InputError } from '../../errors.js';
import type { SqliteDatabase } from '../../store/database.js';
import { STAFF_NAME, StaffStore } from '../../store/staff-store.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { oneLine } from '../terminal-text.js';

/**
 * `keel staff add NAME` issues a personal staff token (shown once; only its hash is stored, and
 * adding the same name again replaces it), `keel staff remove NAME` revokes it, `keel staff list`
 * lists them. Decisions, takeovers and messages made with a token record its name.
 */
export async function staffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
  const [action, ...rest] = positionals;
  const name = rest.join(' ').trim();
  if (action === 'list') {
    return withApp(io, { db: values.db }, async (app) => {
      const staff = staffStoreOf(app).list();
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
  return withApp(io, { db: values.db }, async (app) => {
    const store = staffStoreOf(app);
    const at = app.runtime.clock.now().toISOString();
    if (action === 'remove') {
      if (!store.revoke(name, at)) throw new InputError(`No active staff member "${name}"`);
      println(
        io.stdout,
        values.json ? JSON.stringify({ name, revoked: true }) : `revoked the token of ${name}`,
      );
      return EXIT.completed;
    }
    const token = store.add(name, at);
    if (values.json) println(io.stdout, JSON.stringify({ name, token }));
    else {
      println(io.stdout, `staff token for ${name} (shown once; keep it secret):`);
      println(io.stdout, token);
    }
    return EXIT.completed;
  });
}

/** Named staff live beside keel's SQLite store; on PostgreSQL they are not available yet. */
function staffStoreOf(app: { db: SqliteDatabase | null }): StaffStore {
  if (!app.db)
    throw new ConfigError(
      'keel staff needs the SQLite store (--db) for now; use KEEL_STAFF_TOKEN on PostgreSQL',
    );
  return new StaffStore(app.db);
}
