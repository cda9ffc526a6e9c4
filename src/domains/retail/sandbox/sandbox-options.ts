import type { Clock, Ids, Sleep } from '../../../runtime.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { PgPool } from '../../../store/pg-database.js';
import type { FaultPlan } from './faults.js';

/** What a sandbox shop runs with, whatever its database: clock, ids and faults. */
export interface SandboxRuntimeOptions {
  /** Timestamps of writes, refund dates, and "now" for the seed's relative dates. */
  clock: Clock;
  /** Waits out injected delays; receives the call's signal so a timeout cuts the wait short. */
  sleep: Sleep;
  /** Makes label (`lbl`), refund (`rf`), email (`em`), exchange (`exc`) and change (`chg`) ids. */
  ids: Ids;
  /** Injected misbehaviour, e.g. `create_return_label:fail=2` (see `parseFaults`). @default none */
  faults?: FaultPlan | string;
}

/** How a sandbox shop is seeded when its tables are empty. */
export interface SandboxSeedOptions {
  /** Seed the shop when its tables are empty. @default true */
  seed?: boolean;
  /** Where the seed's JSON files are. @default DEFAULT_SEED_DIR (fixtures/shop in the repository) */
  seedDir?: string;
}

/** How a `SandboxShop` is made: its connection, clock, ids, faults and seed. */
export interface SandboxShopOptions extends SandboxRuntimeOptions, SandboxSeedOptions {
  /** The connection to keep the shop in; usually the same file as the store. */
  db: SqliteDatabase;
}

/** How a `PgSandboxShop` is opened: its pool, clock, ids, faults and seed. */
export interface PgSandboxShopOptions extends SandboxRuntimeOptions, SandboxSeedOptions {
  /** The pool to keep the shop in; usually the store's, so several instances share one shop. */
  pool: PgPool;
  /** Schema to create first, when the pool's search_path names one that may not exist. */
  schema?: string;
}
