import {
  openRetailKeel,
  openRetailKeelOnPostgres,
  type RetailKeelApp,
  type RetailKeelOptions,
} from '../domains/retail/open-retail-keel.js';
import { chooseDatabase, type DatabaseChoice } from './database-choice.js';
import type { CliIo } from './io.js';
import { createErrorLogger } from './logger.js';

/** The database flags every command takes. */
export interface DatabaseFlags {
  db?: string | undefined;
  'database-url'?: string | undefined;
}

/** Opens retail keel on SQLite or PostgreSQL, as chosen. */
export function openRetailApp(
  database: DatabaseChoice,
  options: Omit<RetailKeelOptions, 'dbPath'>,
): Promise<RetailKeelApp> {
  return database.kind === 'postgres'
    ? openRetailKeelOnPostgres(database.url, options)
    : Promise.resolve(openRetailKeel({ ...options, dbPath: database.path }));
}

/** Opens the app for one command and closes it afterwards, whatever happens. */
export async function withApp<T>(
  io: CliIo,
  options: DatabaseFlags & Partial<RetailKeelOptions>,
  fn: (app: RetailKeelApp) => Promise<T>,
): Promise<T> {
  const { db, 'database-url': databaseUrl, ...rest } = options;
  const database = chooseDatabase(io.cwd, io.env, { db, 'database-url': databaseUrl });
  const app = await openRetailApp(database, {
    env: io.env,
    logger: createErrorLogger(io.stderr),
    ...(io.runtime ? { runtime: io.runtime } : {}),
    ...rest,
  });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
