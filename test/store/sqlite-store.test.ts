import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './store.contract.js';

// A file, not :memory:, so a sibling store is a second connection to the same database.
const dir = mkdtempSync(join(tmpdir(), 'keel-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
let current = '';

describe('SqliteStore conforms to the Store contract', () => {
  storeContract({
    async fresh() {
      current = join(dir, `store-${++files}.db`);
      return SqliteStore.open(current);
    },
    async sibling() {
      return SqliteStore.open(current);
    },
  });
});
