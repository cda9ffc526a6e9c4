import type pg from 'pg';
import { PermanentToolError } from '../../../errors.js';
import type { Clock, Ids, Sleep } from '../../../runtime.js';
import { inTransaction, type PgPool } from '../../../store/pg-database.js';
import { migratePg } from '../../../store/pg-migrations.js';
import { REFUND_SETTLEMENT_DAYS } from '../defaults.js';
import { addDays } from '../money.js';
import type {
  Address,
  Email,
  InventoryItem,
  Order,
  OrderRecord,
  Refund,
  ReturnLabel,
  Shipment,
  Shop,
  ShopCall,
  ShopWrite,
} from '../shop.js';
import { type Faultable, FaultInjector, type FaultPlan } from './faults.js';
import * as q from './pg-sandbox-queries.js';
import { PG_SHOP_MIGRATIONS } from './pg-sandbox-schema.js';
import { seedPgShop } from './pg-sandbox-seed.js';
import { DEFAULT_SEED_DIR } from './seed.js';

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

/**
 * The sandbox shop on PostgreSQL, for several keel instances sharing one shop: the same seed, the
 * same rules and the same idempotent writes by key as `SandboxShop`. A write takes a transaction
 * advisory lock on its key, so the same key sent to two instances at once changes things once.
 */
export class PgSandboxShop implements Shop {
  readonly #pool: PgPool;
  readonly #clock: Clock;
  readonly #ids: Ids;
  readonly #faults: FaultInjector;

  /** Migrates (and seeds an empty shop) before the shop is used. */
  static async open(options: PgSandboxShopOptions): Promise<PgSandboxShop> {
    await migratePg(options.pool, 'sandbox-shop', PG_SHOP_MIGRATIONS, options.schema);
    if (options.seed !== false) {
      const dir = options.seedDir ?? DEFAULT_SEED_DIR;
      await inTransaction(options.pool, (client) => seedPgShop(client, dir, options.clock.now()));
    }
    return new PgSandboxShop(options);
  }

  private constructor(options: PgSandboxShopOptions) {
    this.#pool = options.pool;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#faults = new FaultInjector(options.faults ?? {}, options.sleep);
  }

  async getOrder(customerId: string, orderId: string, call: ShopCall = {}): Promise<Order | null> {
    await this.#enter('lookup_order', call);
    return this.#read((db) => q.findOrder(db, orderId, customerId));
  }

  async getCustomerEmail(customerId: string): Promise<string | null> {
    return this.#read((db) => q.customerEmail(db, customerId));
  }

  async listOrders(customerId: string): Promise<Order[]> {
    return this.#read((db) => q.ordersOf(db, customerId));
  }

  async createReturnLabel(req: { customerId: string; orderId: string; skus: string[] }, call: ShopWrite) {
    return this.#write<ReturnLabel>('create_return_label', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      return q.issueLabel(db, { labelId: this.#ids.next('lbl'), order, skus: req.skus, at, key: call.key });
    });
  }

  async voidReturnLabel(req: { labelId: string }, call: ShopWrite): Promise<ReturnLabel> {
    return this.#write('void_return_label', call, (db) => q.voidLabel(db, req.labelId));
  }

  async markItemsReturning(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('mark_items_returning', call, (db) =>
      q.setInventory(db, req.orderId, req.skus, 'returning'),
    );
  }

  async restoreInventory(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, (db) => q.setInventory(db, req.orderId, req.skus, 'sold'));
  }

  async scheduleRefund(
    req: { customerId: string; orderId: string; amountCents: number; reason: string },
    call: ShopWrite,
  ): Promise<Refund> {
    return this.#write('schedule_refund', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      const expectedBy = addDays(new Date(at), REFUND_SETTLEMENT_DAYS).toISOString();
      const refundId = this.#ids.next('rf');
      return q.insertRefund(db, { ...req, refundId, order, at, expectedBy, key: call.key });
    });
  }

  async cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund> {
    return this.#write('cancel_refund', call, (db) => q.cancelScheduledRefund(db, req.refundId));
  }

  async listRefunds(customerId: string, orderId: string, call: ShopCall = {}): Promise<Refund[]> {
    await this.#enter('get_refund_status', call);
    return this.#read(async (db) =>
      (await q.findOrder(db, orderId, customerId)) ? q.refundsOf(db, orderId) : [],
    );
  }

  async sendEmail(
    req: { customerId: string; orderId: string | null; template: string; subject: string; body: string },
    call: ShopWrite,
  ): Promise<Email> {
    return this.#write('send_confirmation_email', call, async (db, at) => {
      // An email about an order goes only to the customer who owns it.
      if (req.orderId !== null) await q.requireOrder(db, req.customerId, req.orderId);
      return q.queueEmail(db, { ...req, emailId: this.#ids.next('em'), at, key: call.key });
    });
  }

  async cancelOrder(
    req: { customerId: string; orderId: string; reason: string },
    call: ShopWrite,
  ): Promise<Order> {
    return this.#write('cancel_order', call, async (db) =>
      q.cancelPlacedOrder(db, await q.requireOrder(db, req.customerId, req.orderId)),
    );
  }

  async changeShippingAddress(
    req: { customerId: string; orderId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ order: Order; previousAddress: Address }> {
    return this.#write('change_shipping_address', call, async (db) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      return {
        order: await q.readdressPlacedOrder(db, order, req.address),
        previousAddress: order.shippingAddress,
      };
    });
  }

  async trackShipment(customerId: string, orderId: string, call: ShopCall = {}): Promise<Shipment | null> {
    await this.#enter('track_shipment', call);
    return this.#read(async (db) => {
      const order = await q.findOrder(db, orderId, customerId);
      return order ? q.shipmentOf(db, order) : null;
    });
  }

  async describeOrder(orderId: string): Promise<OrderRecord | null> {
    return this.#read(async (db) => {
      const order = await q.findOrder(db, orderId, null);
      return order ? q.orderRecordOf(db, order) : null;
    });
  }

  async #enter(name: Faultable, call: ShopCall): Promise<void> {
    await this.#faults.before(name, call.signal);
    call.signal?.throwIfAborted();
  }

  /** Reads run on one client, so an order and its items come from one connection. */
  async #read<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, fn);
  }

  /**
   * The key is looked up and recorded in the transaction of the change, under an advisory lock on
   * the key, so a repeated call returns the first call's result and changes nothing. Unlike the
   * SQLite shop, the transaction spans awaits: a timeout that fires meanwhile does not undo it,
   * as with a remote payment API, and the retry with the same key gets the recorded result.
   */
  async #write<T>(
    operation: Faultable,
    call: ShopWrite,
    change: (db: pg.PoolClient, at: string) => Promise<T>,
  ) {
    await this.#enter(operation, call);
    const at = this.#clock.now().toISOString();
    return inTransaction(this.#pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shop:${call.key}`]);
      const { rows } = await db.query<{ operation: string; result_json: string }>(
        'SELECT operation, result_json FROM shop_idempotency WHERE key = $1',
        [call.key],
      );
      const seen = rows[0];
      if (seen) {
        if (seen.operation !== operation) {
          throw new PermanentToolError(
            `Idempotency key "${call.key}" was already used for ${seen.operation}, not ${operation}`,
          );
        }
        return JSON.parse(seen.result_json) as T;
      }
      const result = await change(db, at);
      await db.query('INSERT INTO shop_idempotency VALUES ($1, $2, $3, $4)', [
        call.key,
        operation,
        JSON.stringify(result),
        at,
      ]);
      return result;
    });
  }
}
