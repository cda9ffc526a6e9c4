import { inTransaction } from '../../../store/pg-database.js';
import { migratePg } from '../../../store/pg-migrations.js';
import { PG_SHOP_MIGRATIONS } from './pg-sandbox-schema.js';
import { seedPgShop } from './pg-sandbox-seed.js';
import { PgShopDatabase } from './pg-shop-database.js';
import type { PgSandboxShopOptions } from './sandbox-options.js';
import { DEFAULT_SEED_DIR } from './seed.js';
import { SqlSandboxShop } from './sql-sandbox-shop.js';

export type { PgSandboxShopOptions } from './sandbox-options.js';

/**
 * The sandbox shop on PostgreSQL, for several keel instances sharing one shop: the same seed, the
 * same rules and the same idempotent writes by key as `SandboxShop`. A write takes a transaction
 * advisory lock on its key, so the same key sent to two instances at once changes things once,
 * and row locks on what it changes (the order, a payment method), so two writes to one order take turns.
 */
export class PgSandboxShop extends SqlSandboxShop {
  /** Migrates (and seeds an empty shop) before the shop is used. */
  static async open(options: PgSandboxShopOptions): Promise<PgSandboxShop> {
    await migratePg(options.pool, 'sandbox-shop', PG_SHOP_MIGRATIONS, options.schema);
    const dir = options.seedDir ?? DEFAULT_SEED_DIR;
    if (options.seed !== false)
      await inTransaction(options.pool, (client) => seedPgShop(client, dir, options.clock.now()));
    return new PgSandboxShop(options);
  }

  private constructor(options: PgSandboxShopOptions) {
    super({ ...options, database: new PgShopDatabase(options.pool) });
  }
}
