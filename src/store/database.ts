import Database from 'better-sqlite3';
import { DEFAULT_SYNCHRONOUS } from '../defaults.js';
import { ConfigError, StoreError } from '../errors.js';

export const SYNCHRONOUS_LEVELS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
export type SynchronousLevel = (typeof SYNCHRONOUS_LEVELS)[number];

export interface DatabaseOptions {
  /**
   * Set on this connection explicitly: better-sqlite3 connections fall back to NORMAL once a file
   * is in WAL mode, which silently drops power-loss durability after the first restart.
   * @default DEFAULT_SYNCHRONOUS
   */
  synchronous?: SynchronousLevel;
}

export type SqliteDatabase = Database.Database;

/** Opens (or creates) a SQLite file in WAL mode with an explicit `synchronous` level. */
export function openDatabase(path: string, options: DatabaseOptions = {}): SqliteDatabase {
  const level = options.synchronous ?? DEFAULT_SYNCHRONOUS;
  if (!SYNCHRONOUS_LEVELS.includes(level)) {
    throw new ConfigError(`synchronous must be one of ${SYNCHRONOUS_LEVELS.join(', ')}, got "${level}"`);
  }
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw new StoreError(`Cannot open database "${path}": ${(error as Error).message}`, { cause: error });
  }
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${level}`);
  // A second process (a CLI next to a server) waits for the writer instead of failing at once.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
