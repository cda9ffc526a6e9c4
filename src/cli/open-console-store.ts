import type { KeelApp } from '../agent/keel-app.js';
import { ConfigError } from '../errors.js';
import type { ConsoleStore } from '../store/console-store.js';
import { PgConsoleStore } from '../store/pg-console-store.js';
import { PgStore } from '../store/pg-store.js';
import { SqliteConsoleStore } from '../store/sqlite-console-store.js';

/**
 * The console's store on the app's own database: beside the SQLite store in its file, or over the
 * PostgreSQL store's pool (its migrations take the same advisory lock, so instances starting at
 * once apply them once). Nothing to close: the app owns the connection.
 */
export async function openConsoleStore(app: Pick<KeelApp, 'db' | 'store'>): Promise<ConsoleStore> {
  if (app.db) return new SqliteConsoleStore(app.db);
  if (app.store instanceof PgStore) return PgConsoleStore.over(app.store.pool);
  throw new ConfigError('The console needs keel on SQLite or PostgreSQL, not a store of your own');
}
