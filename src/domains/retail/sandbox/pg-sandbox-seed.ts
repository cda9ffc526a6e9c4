import type pg from 'pg';
import { openDatabase } from '../../../store/database.js';
import { migrate } from '../../../store/migrations.js';
import { SEEDED_TABLES } from './pg-sandbox-schema.js';
import { SHOP_MIGRATIONS } from './sandbox-schema.js';
import { seedShop } from './seed.js';

/** Advisory lock held while a shop is seeded, so instances starting at once seed it once. */
const SEED_LOCK = 0x73686f70; // "shop"

/**
 * Seeds empty PostgreSQL shop tables with exactly what the SQLite sandbox gets: the seed is
 * read, checked and dated by `seedShop` into an in-memory SQLite shop, and its rows copied over,
 * column by column the two schemas share. Runs in one transaction under an advisory lock.
 */
export async function seedPgShop(client: pg.PoolClient, dir: string, now: Date): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  const { rows } = await client.query('SELECT 1 FROM shop_customers LIMIT 1');
  if (rows.length > 0) return;
  const memory = openDatabase(':memory:');
  try {
    migrate(memory, 'sandbox-shop', SHOP_MIGRATIONS);
    seedShop(memory, dir, now);
    for (const table of SEEDED_TABLES) await copyTable(client, memory, table);
  } finally {
    memory.close();
  }
}

async function copyTable(client: pg.PoolClient, memory: ReturnType<typeof openDatabase>, table: string) {
  const { rows: columns } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO'`,
    [table],
  );
  const names = columns.map((c) => c.column_name);
  const source = memory.prepare(`SELECT ${names.join(', ')} FROM ${table} ORDER BY rowid`).all() as Record<
    string,
    unknown
  >[];
  const placeholders = names.map((_, i) => `$${i + 1}`).join(', ');
  const insert = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${placeholders})`;
  for (const row of source)
    await client.query(
      insert,
      names.map((name) => row[name]),
    );
}
