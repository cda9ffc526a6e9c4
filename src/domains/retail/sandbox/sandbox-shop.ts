/**
 * `src/domains/retail/sandbox`: the SQLite sandbox behind retail's `Shop` port (this class), with
 * its seed, idempotent writes and injectable faults; what the demo, the CLI and the tests run
 * against. It may import the retail pack, `src/runtime.ts` and the store's database helpers.
 */
import type { Clock, Ids } from '../../../runtime.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { migrate } from '../../../store/migrations.js';
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
import { idempotentWrite } from './idempotent-write.js';
import { productsOf } from './sandbox-catalog.js';
import { findCustomersBy, profileOf, readdressProfile } from './sandbox-customers.js';
import { cancelExchangeById, exchangeLine, exchangesOf } from './sandbox-exchanges.js';
import { markReturning, restoreMarked } from './sandbox-inventory.js';
import { issueLabel, voidLabel } from './sandbox-labels.js';
import type { SandboxShopOptions } from './sandbox-options.js';
import { changeLines, changePayer, revertChange } from './sandbox-order-changes.js';
import {
  cancelPlacedOrder,
  findOrder,
  ordersOf,
  readdressPlacedOrder,
  requireOrder,
} from './sandbox-orders.js';
import { customerEmail, queueEmail } from './sandbox-outbox.js';
import { requireMethod } from './sandbox-payments.js';
import { orderRecordOf, shipmentOf } from './sandbox-queries.js';
import { cancelScheduledRefund, insertRefund, refundsOf } from './sandbox-refunds.js';
import { SHOP_MIGRATIONS } from './sandbox-schema.js';
import { DEFAULT_SEED_DIR, seedShop } from './seed.js';
import { runOnSqlite } from './sqlite-shop-database.js';

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
      markReturning(this.#db, req.orderId, req.skus, call.key),
    );
  }

  async restoreInventory(
    req: { orderId: string; skus: string[]; markedBy?: string },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, () => restoreMarked(this.#db, req));
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
    return this.#write('schedule_refund', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const method = req.methodId ? runOnSqlite(this.#db, requireMethod(req.customerId, req.methodId)) : null;
      const expectedBy = addDays(new Date(at), REFUND_SETTLEMENT_DAYS).toISOString();
      const refundId = this.#ids.next('rf');
      const { methodId: _chosen, ...rest } = req;
      return insertRefund(this.#db, { ...rest, refundId, order, at, expectedBy, key: call.key, method });
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
    return order ? { ...orderRecordOf(this.#db, order), exchanges: exchangesOf(this.#db, order) } : null;
  }

  async listProducts(call: ShopCall = {}): Promise<Product[]> {
    await this.#enter('lookup_product', call);
    return runOnSqlite(this.#db, productsOf());
  }

  async getProfile(customerId: string, call: ShopCall = {}): Promise<Profile | null> {
    await this.#enter('lookup_profile', call);
    return runOnSqlite(this.#db, profileOf(customerId));
  }

  async changeDefaultAddress(
    req: { customerId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ profile: Profile; previousAddress: Address }> {
    return this.#write('change_default_address', call, () =>
      runOnSqlite(this.#db, readdressProfile(req.customerId, req.address)),
    );
  }

  async findCustomers(query: CustomerQuery): Promise<CustomerMatch[]> {
    return runOnSqlite(this.#db, findCustomersBy(query));
  }

  async listExchanges(customerId: string, orderId: string, call: ShopCall = {}): Promise<Exchange[]> {
    await this.#enter('check_exchange', call);
    const order = findOrder(this.#db, orderId, customerId);
    return order ? exchangesOf(this.#db, order) : [];
  }

  async exchangeItem(req: Parameters<Shop['exchangeItem']>[0], call: ShopWrite): Promise<Exchange> {
    return this.#write('exchange_item', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const ids = { exchangeId: this.#ids.next('exc'), labelId: this.#ids.next('lbl') };
      return exchangeLine(this.#db, { ...req, ...ids, order, at, key: call.key });
    });
  }

  async cancelExchange(req: { exchangeId: string }, call: ShopWrite): Promise<Exchange> {
    return this.#write('cancel_exchange', call, (at) =>
      cancelExchangeById(this.#db, req.exchangeId, (id) => findOrder(this.#db, id, null), at),
    );
  }

  async changeOrderItems(
    req: Parameters<Shop['changeOrderItems']>[0],
    call: ShopWrite,
  ): Promise<OrderChange> {
    return this.#write('change_order_items', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const changeId = this.#ids.next('chg');
      return changeLines(this.#db, { ...req, changeId, order, at }, () => this.#reload(order.id));
    });
  }

  async changeOrderPayment(
    req: { customerId: string; orderId: string; methodId: string },
    call: ShopWrite,
  ): Promise<OrderChange> {
    return this.#write('change_order_payment', call, (at) => {
      const order = requireOrder(this.#db, req.customerId, req.orderId);
      const changeId = this.#ids.next('chg');
      return changePayer(this.#db, { ...req, changeId, order, at }, () => this.#reload(order.id));
    });
  }

  async revertOrderChange(req: { changeId: string }, call: ShopWrite): Promise<Order> {
    return this.#write('revert_order_change', call, (at) =>
      revertChange(this.#db, req.changeId, (id) => this.#reload(id), at),
    );
  }

  #reload(orderId: string): Order {
    return findOrder(this.#db, orderId, null) as Order;
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
