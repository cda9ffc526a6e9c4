import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { SqliteConsoleStore } from '../../src/store/sqlite-console-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { consoleStoreContract } from './console-store.contract.js';

// A file, not :memory:, so a sibling is a second connection to the same database.
const dir = mkdtempSync(join(tmpdir(), 'keel-console-'));
const siblings: ReturnType<typeof openDatabase>[] = [];
afterAll(() => {
  for (const db of siblings) db.close();
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
let current = '';

describe('SqliteConsoleStore conforms to the ConsoleStore contract', () => {
  consoleStoreContract({
    async fresh() {
      current = join(dir, `console-${++files}.db`);
      const db = openDatabase(current);
      const store = new SqliteStore(db, true);
      return { store, console: new SqliteConsoleStore(db) };
    },
    async sibling() {
      const db = openDatabase(current);
      siblings.push(db);
      return new SqliteConsoleStore(db);
    },
  });

  it('upgrades a file with the first staff migration only, keeping its staff', async () => {
    const path = join(dir, 'upgrade.db');
    const db = openDatabase(path);
    new SqliteStore(db);
    const before = new SqliteConsoleStore(db);
    const token = await before.addStaff('Dana', '2026-03-01T09:00:00.000Z');
    db.prepare("DELETE FROM keel_migrations WHERE component = 'staff' AND name = '002_console_search'").run();
    const after = new SqliteConsoleStore(db);
    expect(await after.staffNameOf(token)).toBe('Dana');
    const names = db
      .prepare("SELECT name FROM keel_migrations WHERE component = 'staff' ORDER BY position")
      .pluck()
      .all();
    expect(names).toEqual(['001_staff', '002_console_search']);
    db.close();
  });
});
