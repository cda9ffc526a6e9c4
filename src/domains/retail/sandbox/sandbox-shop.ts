/**
 * `src/domains/retail/sandbox`: the sandbox behind retail's `Shop` port, written once
 * (`SqlSandboxShop`, over the query seam of `shop-sql.ts`) and opened on SQLite (this class) or
 * PostgreSQL (`PgSandboxShop`), with its seed, idempotent writes and injectable faults; what the
 * demo, the CLI and the tests run against. It may import the retail pack, `src/runtime.ts` and the
 * store's database helpers.
 */
import { migrate } from '../../../store/migrations.js';
import type { SandboxShopOptions } from './sandbox-options.js';
import { SHOP_MIGRATIONS } from './sandbox-schema.js';
import { DEFAULT_SEED_DIR, seedShop } from './seed.js';
import { SqlSandboxShop } from './sql-sandbox-shop.js';
import { SqliteShopDatabase } from './sqlite-shop-database.js';

/**
 * The shop port over SQLite, for demos and tests: migrated, and seeded when empty, as it is made.
 * Each write runs synchronously in one immediate transaction with its idempotency record.
 */
export class SandboxShop extends SqlSandboxShop {
  constructor(options: SandboxShopOptions) {
    super({ ...options, database: openSqliteShop(options) });
  }
}

function openSqliteShop(options: SandboxShopOptions): SqliteShopDatabase {
  const { db } = options;
  migrate(db, 'sandbox-shop', SHOP_MIGRATIONS);
  const empty = !db.prepare('SELECT 1 FROM shop_customers LIMIT 1').get();
  if (empty && options.seed !== false) {
    seedShop(db, options.seedDir ?? DEFAULT_SEED_DIR, options.clock.now());
  }
  return new SqliteShopDatabase(db);
}
