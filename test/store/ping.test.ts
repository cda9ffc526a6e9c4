import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

// `/healthz` asks the store, not the database behind it, so the server needs no SQL of its own.
describe('Store.ping', () => {
  it('answers while the database is open and fails as a StoreError once it is closed', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteStore(db);
    await expect(store.ping()).resolves.toBeUndefined();
    db.close();
    await expect(store.ping()).rejects.toThrow(StoreError);
  });
});
