import { ConfigError } from '../errors.js';
import { openDatabase, type SqliteDatabase, type SynchronousLevel } from '../store/database.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

/** Where `openKeel` keeps its state: a SQLite file it opens, or a store the caller opened. */
export interface KeelStoreChoice {
  /** SQLite file for workflows (and whatever the domain keeps there), or `:memory:`. */
  dbPath?: string;
  /** A store the caller opened instead (e.g. `PgStore`); the app closes it. */
  store?: Store;
  /** On the SQLite connection. @default DEFAULT_SYNCHRONOUS */
  synchronous?: SynchronousLevel;
}

/** The store chosen, its SQLite connection when keel opened one, and how to close it. */
export interface KeelStore {
  store: Store;
  /** Null on a store the caller gave (PostgreSQL). */
  db: SqliteDatabase | null;
  close(): Promise<void>;
}

/** Opens the SQLite file, or takes the store given: exactly one of the two. */
export function openKeelStore(choice: KeelStoreChoice): KeelStore {
  if ((choice.dbPath === undefined) === (choice.store === undefined))
    throw new ConfigError('openKeel needs exactly one of dbPath (a SQLite file) and store');
  if (choice.store) {
    const given = choice.store;
    return { store: given, db: null, close: () => given.close() };
  }
  const db = openDatabase(
    choice.dbPath as string,
    choice.synchronous ? { synchronous: choice.synchronous } : {},
  );
  return {
    store: new SqliteStore(db),
    db,
    close: async () => {
      // Closing twice (a failed start, then the caller's close) is harmless.
      if (db.open) db.close();
    },
  };
}
