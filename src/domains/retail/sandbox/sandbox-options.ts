import type { Clock, Ids, Sleep } from '../../../runtime.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { FaultPlan } from './faults.js';

/** How a `SandboxShop` is made: its connection, clock, ids, faults and seed. */
export interface SandboxShopOptions {
  /** The connection to keep the shop in; usually the same file as the store. */
  db: SqliteDatabase;
  /** Timestamps of writes, refund dates, and "now" for the seed's relative dates. */
  clock: Clock;
  /** Waits out injected delays; receives the call's signal so a timeout cuts the wait short. */
  sleep: Sleep;
  /** Makes label (`lbl`), refund (`rf`) and email (`em`) ids. */
  ids: Ids;
  /** Injected misbehaviour, e.g. `create_return_label:fail=2` (see `parseFaults`). @default none */
  faults?: FaultPlan | string;
  /** Seed the shop when its tables are empty. @default true */
  seed?: boolean;
  /** Where the seed's JSON files are. @default DEFAULT_SEED_DIR (fixtures/shop in the repository) */
  seedDir?: string;
}
