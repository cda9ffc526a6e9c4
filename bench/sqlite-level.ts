import type { SqliteDatabase } from '../src/store/database.js';

const NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** The `synchronous` level a connection runs with right now, by name. */
export function synchronousOf(db: SqliteDatabase): string {
  return NAMES[db.pragma('synchronous', { simple: true }) as number] ?? 'unknown';
}

/** Throws when a connection no longer runs at the level the bench set (e.g. WAL's NORMAL default). */
export function assertSynchronous(db: SqliteDatabase, expected: string, who: string): void {
  const actual = synchronousOf(db);
  if (actual !== expected) throw new Error(`${who} runs at synchronous=${actual}, expected ${expected}`);
}
