import type { Clock, Ids, Sleep } from '../../../runtime.js';
import type { PgPool } from '../../../store/pg-database.js';
import type { FaultPlan } from './faults.js';

export interface PgSandboxShopOptions {
  /** The pool to keep the shop in; usually the store's, so several instances share one shop. */
  pool: PgPool;
  clock: Clock;
  sleep: Sleep;
  ids: Ids;
  /** Injected misbehaviour, as for `SandboxShop`. @default none */
  faults?: FaultPlan | string;
  /** Seed the shop when its tables are empty. @default true */
  seed?: boolean;
  /** @default DEFAULT_SEED_DIR */
  seedDir?: string;
  /** Schema to create first, when the pool's search_path names one that may not exist. */
  schema?: string;
}
