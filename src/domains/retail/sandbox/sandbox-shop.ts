/**
 * `src/domains/retail/sandbox`: the SQLite sandbox behind retail's `Shop` port (this class), with
 * its seed, idempotent writes and injectable faults; what the demo, the CLI and the tests run
 * against. It may import the retail pack, `src/runtime.ts` and the store's database helpers.
 */
import type { Clock, Ids, Sleep } from '../../../runtime.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { migrate } from '../../../store/migrations.js';
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
import { idempotentWrite } from './idempotent-write.js';
import { issueLabel, voidLabel } from './sandbox-labels.js';
import {
  cancelPlacedOrder,
  findOrder,
  ordersOf,
  readdressPlacedOrder,
  requireOrder,
  setInventory,
} from './sandbox-orders.js';
import { customerEmail, queueEmail } from './sandbox-outbox.js';
import { orderRecordOf, shipmentOf } from './sandbox-queries.js';
import { cancelScheduledRefund, insertRefund, refundsOf } from './sandbox-refunds.js';
import { SHOP_MIGRATIONS } from './sandbox-schema.js';
import { DEFAULT_SEED_DIR, seedShop } from './seed.js';

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

/**
 * The shop port over SQLite, for demos and tests. Each write runs in one transaction with its
 * idempotency record, as a payment API does, so a retried or resumed step changes things once.
 */
export class SandboxShop implements Shop {
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #ids: Ids;
  readonly #faults: FaultInjector;

  constructor(options: SandboxShopOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#faults = new FaultInjector(options.faults ?? {}, options.sleep);
    migrate(this.#db, 'sandbox-shop', SHOP_MIGRATIONS);
    const empty = !this.#db.prepare('SELECT 1 FROM shop_customers LIMIT 1').get();
    if (empty && options.seed !== false) {
      seedShop(this.#db, options.seedDir ?? DEFAULT_SEED_DIR, this.#clock.now());
    }
  }

  async getOrder(customerId: string, orderId: string, call: ShopCall = {}): Promise<Order | null> {
    await this.#enter('lookup_order', call);
    return findOrder(this.#db, orderId, customerId);
  }

  async getCustomerEmail(customerId: string): Promise<string | null> {
    return customerEmail(this.#db, customerId);
  }

  async listOrders(customerId: string): Promise<Order[]> {
    return ordersOf(this.#db, customerId);
  }

  async createReturnLabel(
    req: { customerId: string; orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<ReturnLabel> {
    return this.#write('create_return_label', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const labelId = this.#ids.next('lbl');
      return issueLabel(this.#db, { labelId, order, skus: req.skus, at, key: call.key });
    });
  }

  async voidReturnLabel(req: { labelId: string }, call: ShopWrite): Promise<ReturnLabel> {
    return this.#write('void_return_label', call, () => voidLabel(this.#db, req.labelId));
  }

  async markItemsReturning(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('mark_items_returning', call, () =>
      setInventory(this.#db, req.orderId, req.skus, 'returning'),
    );
  }

  async restoreInventory(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, () =>
      setInventory(this.#db, req.orderId, req.skus, 'sold'),
    );
  }

  async scheduleRefund(
    req: { customerId: string; orderId: string; amountCents: number; reason: string },
    call: ShopWrite,
  ): Promise<Refund> {
    return this.#write('schedule_refund', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const expectedBy = addDays(new Date(at), REFUND_SETTLEMENT_DAYS).toISOString();
      const refundId = this.#ids.next('rf');
      return insertRefund(this.#db, { ...req, refundId, order, at, expectedBy, key: call.key });
    });
  }

  async cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund> {
    return this.#write('cancel_refund', call, () => cancelScheduledRefund(this.#db, req.refundId));
  }

  async listRefunds(customerId: string, orderId: string, call: ShopCall = {}): Promise<Refund[]> {
    await this.#enter('get_refund_status', call);
    return findOrder(this.#db, orderId, customerId) ? refundsOf(this.#db, orderId) : [];
  }

  async sendEmail(
    req: { customerId: string; orderId: string | null; template: string; subject: string; body: string },
    call: ShopWrite,
  ): Promise<Email> {
    return this.#write('send_confirmation_email', call, (at) => {
      // An email about an order goes only to the customer who owns it.
      if (req.orderId !== null) requireOrder(this.#db, req.customerId, req.orderId);
      return queueEmail(this.#db, { ...req, emailId: this.#ids.next('em'), at, key: call.key });
    });
  }

  async cancelOrder(
    req: { customerId: string; orderId: string; reason: string },
    call: ShopWrite,
  ): Promise<Order> {
    return this.#write('cancel_order', call, () =>
      cancelPlacedOrder(this.#db, requireOrder(this.#db, req.customerId, req.orderId)),
    );
  }

  async changeShippingAddress(
    req: { customerId: string; orderId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ order: Order; previousAddress: Address }> {
    return this.#write('change_shipping_address', call, () => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      return {
        order: readdressPlacedOrder(this.#db, order, req.address),
        previousAddress: order.shippingAddress,
      };
    });
  }

  async trackShipment(customerId: string, orderId: string, call: ShopCall = {}): Promise<Shipment | null> {
    await this.#enter('track_shipment', call);
    const order = findOrder(this.#db, orderId, customerId);
    return order ? shipmentOf(this.#db, order) : null;
  }

  async findWrite(key: string): Promise<{ operation: string; result: unknown } | null> {
    const row = this.#db
      .prepare('SELECT operation, result_json FROM shop_idempotency WHERE key = ?')
      .get(key) as { operation: string; result_json: string } | undefined;
    return row ? { operation: row.operation, result: JSON.parse(row.result_json) } : null;
  }

  async describeOrder(orderId: string): Promise<OrderRecord | null> {
    const order = findOrder(this.#db, orderId, null);
    return order ? orderRecordOf(this.#db, order) : null;
  }

  /** Faults first (the remote system is down or slow), then a last check that the caller still waits. */
  async #enter(name: Faultable, call: ShopCall): Promise<void> {
    await this.#faults.before(name, call.signal);
    call.signal?.throwIfAborted();
  }

  /**
   * After `#enter` nothing awaits, so a call that passed the abort check finishes its transaction;
   * one that did not changes nothing.
   */
  async #write<T>(operation: Faultable, call: ShopWrite, change: (at: string) => T): Promise<T> {
    await this.#enter(operation, call);
    const at = this.#clock.now().toISOString();
    return idempotentWrite(this.#db, { operation, key: call.key, at }, () => change(at));
  }
}
