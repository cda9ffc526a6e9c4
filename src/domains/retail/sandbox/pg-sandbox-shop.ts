import type pg from 'pg';
import type { Clock, Ids } from '../../../runtime.js';
import { inTransaction, type PgPool } from '../../../store/pg-database.js';
import { migratePg } from '../../../store/pg-migrations.js';
import type { Product } from '../catalog.js';
import type { CustomerMatch, CustomerQuery, Profile } from '../customers.js';
import { REFUND_SETTLEMENT_DAYS } from '../defaults.js';
import type { Exchange } from '../exchanges.js';
import { addDays } from '../money.js';
import type {
  Address,
  Email,
  InventoryItem,
  Order,
  OrderChange,
  OrderRecord,
  Refund,
  ReturnLabel,
  Shipment,
  Shop,
  ShopCall,
  ShopWrite,
} from '../shop.js';
import { type Faultable, FaultInjector } from './faults.js';
import { pgIdempotentWrite } from './pg-idempotent-write.js';
import * as exchanges from './pg-sandbox-exchanges.js';
import type { PgSandboxShopOptions } from './pg-sandbox-options.js';
import * as changes from './pg-sandbox-order-changes.js';
import * as q from './pg-sandbox-queries.js';
import * as refunds from './pg-sandbox-refunds.js';
import { PG_SHOP_MIGRATIONS } from './pg-sandbox-schema.js';
import { seedPgShop } from './pg-sandbox-seed.js';
import { runOnClient } from './pg-shop-database.js';
import { productsOf } from './sandbox-catalog.js';
import { findCustomersBy, profileOf, readdressProfile } from './sandbox-customers.js';
import { requireMethod } from './sandbox-payments.js';
import { DEFAULT_SEED_DIR } from './seed.js';

export type { PgSandboxShopOptions } from './pg-sandbox-options.js';

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
    const dir = options.seedDir ?? DEFAULT_SEED_DIR;
    if (options.seed !== false)
      await inTransaction(options.pool, (client) => seedPgShop(client, dir, options.clock.now()));
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
      q.markReturning(db, req.orderId, req.skus, call.key),
    );
  }

  async restoreInventory(
    req: { orderId: string; skus: string[]; markedBy?: string },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, (db) => q.restoreMarked(db, req));
  }

  async scheduleRefund(
    req: {
      customerId: string;
      orderId: string;
      amountCents: number;
      reason: string;
      methodId?: string | null;
    },
    call: ShopWrite,
  ): Promise<Refund> {
    return this.#write('schedule_refund', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      const method = req.methodId ? await runOnClient(db, requireMethod(req.customerId, req.methodId)) : null;
      const expectedBy = addDays(new Date(at), REFUND_SETTLEMENT_DAYS).toISOString();
      const refundId = this.#ids.next('rf');
      const { methodId: _chosen, ...rest } = req;
      return refunds.insertRefund(db, { ...rest, refundId, order, at, expectedBy, key: call.key, method });
    });
  }

  async cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund> {
    return this.#write('cancel_refund', call, (db) => refunds.cancelScheduledRefund(db, req.refundId));
  }

  async listRefunds(customerId: string, orderId: string, call: ShopCall = {}): Promise<Refund[]> {
    await this.#enter('get_refund_status', call);
    return this.#read(async (db) =>
      (await q.findOrder(db, orderId, customerId)) ? refunds.refundsOf(db, orderId) : [],
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

  async findWrite(key: string): Promise<{ operation: string; result: unknown } | null> {
    return this.#read(async (db) => {
      const { rows } = await db.query<{ operation: string; result_json: string }>(
        'SELECT operation, result_json FROM shop_idempotency WHERE key = $1',
        [key],
      );
      const row = rows[0];
      return row ? { operation: row.operation, result: JSON.parse(row.result_json) } : null;
    });
  }

  async describeOrder(orderId: string): Promise<OrderRecord | null> {
    return this.#read(async (db) => {
      const order = await q.findOrder(db, orderId, null);
      if (!order) return null;
      return { ...(await q.orderRecordOf(db, order)), exchanges: await exchanges.exchangesOf(db, order) };
    });
  }

  async listProducts(call: ShopCall = {}): Promise<Product[]> {
    await this.#enter('lookup_product', call);
    return this.#read((db) => runOnClient(db, productsOf()));
  }

  async getProfile(customerId: string, call: ShopCall = {}): Promise<Profile | null> {
    await this.#enter('lookup_profile', call);
    return this.#read((db) => runOnClient(db, profileOf(customerId)));
  }

  async changeDefaultAddress(
    req: { customerId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ profile: Profile; previousAddress: Address }> {
    return this.#write('change_default_address', call, (db) =>
      runOnClient(db, readdressProfile(req.customerId, req.address)),
    );
  }

  async findCustomers(query: CustomerQuery): Promise<CustomerMatch[]> {
    return this.#read((db) => runOnClient(db, findCustomersBy(query)));
  }

  async listExchanges(customerId: string, orderId: string, call: ShopCall = {}): Promise<Exchange[]> {
    await this.#enter('check_exchange', call);
    return this.#read(async (db) => {
      const order = await q.findOrder(db, orderId, customerId);
      return order ? exchanges.exchangesOf(db, order) : [];
    });
  }

  async exchangeItem(req: Parameters<Shop['exchangeItem']>[0], call: ShopWrite): Promise<Exchange> {
    return this.#write('exchange_item', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      const ids = { exchangeId: this.#ids.next('exc'), labelId: this.#ids.next('lbl') };
      return exchanges.exchangeLine(db, { ...req, ...ids, order, at, key: call.key });
    });
  }

  async cancelExchange(req: { exchangeId: string }, call: ShopWrite): Promise<Exchange> {
    return this.#write('cancel_exchange', call, (db, at) =>
      exchanges.cancelExchangeById(db, req.exchangeId, (id) => q.findOrder(db, id, null, true), at),
    );
  }

  async changeOrderItems(
    req: Parameters<Shop['changeOrderItems']>[0],
    call: ShopWrite,
  ): Promise<OrderChange> {
    return this.#write('change_order_items', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      const changeId = this.#ids.next('chg');
      return changes.changeLines(db, { ...req, changeId, order, at }, (id) => q.reloadOrder(db, id));
    });
  }

  async changeOrderPayment(
    req: { customerId: string; orderId: string; methodId: string },
    call: ShopWrite,
  ): Promise<OrderChange> {
    return this.#write('change_order_payment', call, async (db, at) => {
      const order = await q.requireOrder(db, req.customerId, req.orderId);
      const changeId = this.#ids.next('chg');
      return changes.changePayer(db, { ...req, changeId, order, at }, (id) => q.reloadOrder(db, id));
    });
  }

  async revertOrderChange(req: { changeId: string }, call: ShopWrite): Promise<Order> {
    return this.#write('revert_order_change', call, (db, at) =>
      changes.revertChange(db, req.changeId, (id) => q.reloadOrder(db, id), at),
    );
  }

  async #enter(name: Faultable, call: ShopCall): Promise<void> {
    await this.#faults.before(name, call.signal);
    call.signal?.throwIfAborted();
  }

  /** Reads run on one client, so an order and its items come from one connection. */
  async #read<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, fn);
  }

  /** Faults first, then the change and its idempotency record in one transaction (`pgIdempotentWrite`). */
  async #write<T>(
    operation: Faultable,
    call: ShopWrite,
    change: (db: pg.PoolClient, at: string) => Promise<T>,
  ): Promise<T> {
    await this.#enter(operation, call);
    const at = this.#clock.now().toISOString();
    return pgIdempotentWrite(this.#pool, { operation, key: call.key, at }, (db) => change(db, at));
  }
}
