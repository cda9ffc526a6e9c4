import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { redactUrl } from '../store/pg-database.js';

/** Where a command keeps everything durable: a SQLite file (the default) or PostgreSQL. */
export type DatabaseChoice = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** The SQLite file used when nothing is said. */
export const DEFAULT_DB_FILE = 'keel.db';

/**
 * `--db PATH`, `--database-url URL` and `KEEL_DATABASE_URL`: a URL (the flag over the variable)
 * selects PostgreSQL; `--db` with either is refused, since one of them would be silently ignored.
 */
export function chooseDatabase(
  cwd: string,
  env: Record<string, string | undefined>,
  flags: { db?: string | undefined; 'database-url'?: string | undefined },
): DatabaseChoice {
  const url = flags['database-url'] || env.KEEL_DATABASE_URL || undefined;
  if (flags.db !== undefined && url !== undefined) {
    const source = flags['database-url'] ? '--database-url' : 'KEEL_DATABASE_URL';
    throw new InputError(
      `--db ${flags.db} and ${source} ${redactUrl(url)} both name a database: give one (--db for SQLite, a URL for PostgreSQL)`,
    );
  }
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new InputError(
        `A database URL starts with postgres:// or postgresql://, got "${redactUrl(url)}"`,
      );
    return { kind: 'postgres', url };
  }
  const path = flags.db ?? DEFAULT_DB_FILE;
  return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
}

/** How start-up messages name the database, without a password. */
export function describeDatabase(choice: DatabaseChoice): string {
  return choice.kind === 'sqlite' ? `db ${choice.path}` : `database ${redactUrl(choice.url)}`;
}
