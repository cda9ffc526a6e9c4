import type { Clock, Ids } from '../../../runtime.js';
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
import { findWrite, idempotentWrite } from './idempotent-write.js';
import { productsOf } from './sandbox-catalog.js';
import { findCustomersBy, profileOf, readdressProfile } from './sandbox-customers.js';
import { cancelExchangeById, exchangeLine, exchangesOf } from './sandbox-exchanges.js';
import { markReturning, restoreMarked } from './sandbox-inventory.js';
import { issueLabel, voidLabel } from './sandbox-labels.js';
import type { SandboxRuntimeOptions } from './sandbox-options.js';
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
import type { ShopDatabase, Sql } from './shop-sql.js';

/** What the one sandbox shop runs on: its database, clock, ids and faults. */
export interface SqlSandboxShopOptions extends SandboxRuntimeOptions {
  database: ShopDatabase;
}

/**
 * The sandbox behind retail's `Shop` port, written once over the query seam: `SandboxShop` runs it
 * on SQLite, `PgSandboxShop` on PostgreSQL. Each write runs in one transaction with its
 * idempotency record, as a payment API does, so a retried or resumed step changes things once.
 */
export class SqlSandboxShop implements Shop {
  readonly #db: ShopDatabase;
  readonly #clock: Clock;
  readonly #ids: Ids;
  readonly #faults: FaultInjector;

  constructor(options: SqlSandboxShopOptions) {
    this.#db = options.database;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#faults = new FaultInjector(options.faults ?? {}, options.sleep);
  }

  async getOrder(customerId: string, orderId: string, call: ShopCall = {}): Promise<Order | null> {
    await this.#enter('lookup_order', call);
    return this.#read(() => findOrder(orderId, customerId));
  }

  async getCustomerEmail(customerId: string): Promise<string | null> {
    return this.#read(() => customerEmail(customerId));
  }

  async listOrders(customerId: string): Promise<Order[]> {
    return this.#read(() => ordersOf(customerId));
  }

  async createReturnLabel(
    req: { customerId: string; orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<ReturnLabel> {
    const ids = this.#ids;
    return this.#write('create_return_label', call, function* (at) {
      const order = yield* requireOrder(req.customerId, req.orderId);
      return yield* issueLabel({ labelId: ids.next('lbl'), order, skus: req.skus, at, key: call.key });
    });
  }

  async voidReturnLabel(req: { labelId: string }, call: ShopWrite): Promise<ReturnLabel> {
    return this.#write('void_return_label', call, () => voidLabel(req.labelId));
  }

  async markItemsReturning(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('mark_items_returning', call, () => markReturning(req.orderId, req.skus, call.key));
  }

  async restoreInventory(
    req: { orderId: string; skus: string[]; markedBy?: string },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, () => restoreMarked(req));
  }

  async scheduleRefund(req: Parameters<Shop['scheduleRefund']>[0], call: ShopWrite): Promise<Refund> {
    const ids = this.#ids;
    return this.#write('schedule_refund', call, function* (at) {
      const order = yield* requireOrder(req.customerId, req.orderId);
      const method = req.methodId ? yield* requireMethod(req.customerId, req.methodId) : null;
      const expectedBy = addDays(new Date(at), REFUND_SETTLEMENT_DAYS).toISOString();
      const { methodId: _chosen, ...rest } = req;
      const refund = { ...rest, refundId: ids.next('rf'), order, at, expectedBy, key: call.key, method };
      return yield* insertRefund(refund);
    });
  }

  async cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund> {
    return this.#write('cancel_refund', call, () => cancelScheduledRefund(req.refundId));
  }

  async listRefunds(customerId: string, orderId: string, call: ShopCall = {}): Promise<Refund[]> {
    await this.#enter('get_refund_status', call);
    return this.#read(function* () {
      return (yield* findOrder(orderId, customerId)) ? yield* refundsOf(orderId) : [];
    });
  }

  async sendEmail(req: Parameters<Shop['sendEmail']>[0], call: ShopWrite): Promise<Email> {
    const ids = this.#ids;
    return this.#write('send_confirmation_email', call, function* (at) {
      // An email about an order goes only to the customer who owns it.
      if (req.orderId !== null) yield* requireOrder(req.customerId, req.orderId);
      return yield* queueEmail({ ...req, emailId: ids.next('em'), at, key: call.key });
    });
  }

  async cancelOrder(
    req: { customerId: string; orderId: string; reason: string },
    call: ShopWrite,
  ): Promise<Order> {
    return this.#write('cancel_order', call, function* () {
      return yield* cancelPlacedOrder(yield* requireOrder(req.customerId, req.orderId));
    });
  }

  async changeShippingAddress(
    req: { customerId: string; orderId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ order: Order; previousAddress: Address }> {
    return this.#write('change_shipping_address', call, function* () {
      const order = yield* requireOrder(req.customerId, req.orderId);
      return {
        order: yield* readdressPlacedOrder(order, req.address),
        previousAddress: order.shippingAddress,
      };
    });
  }

  async trackShipment(customerId: string, orderId: string, call: ShopCall = {}): Promise<Shipment | null> {
    await this.#enter('track_shipment', call);
    return this.#read(function* () {
      const order = yield* findOrder(orderId, customerId);
      return order ? yield* shipmentOf(order) : null;
    });
  }

  async findWrite(key: string): Promise<{ operation: string; result: unknown } | null> {
    return this.#read(() => findWrite(key));
  }

  async describeOrder(orderId: string): Promise<OrderRecord | null> {
    return this.#read(function* () {
      const order = yield* findOrder(orderId, null);
      return order ? { ...(yield* orderRecordOf(order)), exchanges: yield* exchangesOf(order) } : null;
    });
  }

  async listProducts(call: ShopCall = {}): Promise<Product[]> {
    await this.#enter('lookup_product', call);
    return this.#read(() => productsOf());
  }

  async getProfile(customerId: string, call: ShopCall = {}): Promise<Profile | null> {
    await this.#enter('lookup_profile', call);
    return this.#read(() => profileOf(customerId));
  }

  async changeDefaultAddress(
    req: { customerId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ profile: Profile; previousAddress: Address }> {
    return this.#write('change_default_address', call, () => readdressProfile(req.customerId, req.address));
  }

  async findCustomers(query: CustomerQuery): Promise<CustomerMatch[]> {
    return this.#read(() => findCustomersBy(query));
  }

  async listExchanges(customerId: string, orderId: string, call: ShopCall = {}): Promise<Exchange[]> {
    await this.#enter('check_exchange', call);
    return this.#read(function* () {
      const order = yield* findOrder(orderId, customerId);
      return order ? yield* exchangesOf(order) : [];
    });
  }

  async exchangeItem(req: Parameters<Shop['exchangeItem']>[0], call: ShopWrite): Promise<Exchange> {
    const ids = this.#ids;
    return this.#write('exchange_item', call, function* (at) {
      const order = yield* requireOrder(req.customerId, req.orderId);
      const made = { exchangeId: ids.next('exc'), labelId: ids.next('lbl') };
      return yield* exchangeLine({ ...req, ...made, order, at, key: call.key });
    });
  }

  async cancelExchange(req: { exchangeId: string }, call: ShopWrite): Promise<Exchange> {
    return this.#write('cancel_exchange', call, (at) => cancelExchangeById(req.exchangeId, at));
  }

  async changeOrderItems(
    req: Parameters<Shop['changeOrderItems']>[0],
    call: ShopWrite,
  ): Promise<OrderChange> {
    const ids = this.#ids;
    return this.#write('change_order_items', call, function* (at) {
      const order = yield* requireOrder(req.customerId, req.orderId);
      return yield* changeLines({ ...req, changeId: ids.next('chg'), order, at });
    });
  }

  async changeOrderPayment(
    req: { customerId: string; orderId: string; methodId: string },
    call: ShopWrite,
  ): Promise<OrderChange> {
    const ids = this.#ids;
    return this.#write('change_order_payment', call, function* (at) {
      const order = yield* requireOrder(req.customerId, req.orderId);
      return yield* changePayer({ ...req, changeId: ids.next('chg'), order, at });
    });
  }

  async revertOrderChange(req: { changeId: string }, call: ShopWrite): Promise<Order> {
    return this.#write('revert_order_change', call, (at) => revertChange(req.changeId, at));
  }

  #read<T>(work: () => Sql<T>): Promise<T> {
    return this.#db.read(work());
  }

  /** Faults first (the remote system is down or slow), then a last check that the caller still waits. */
  async #enter(name: Faultable, call: ShopCall): Promise<void> {
    await this.#faults.before(name, call.signal);
    call.signal?.throwIfAborted();
  }

  /**
   * Faults and the abort check, then the change and its idempotency record in one transaction. On
   * SQLite nothing awaits after the check, so a call that passed it finishes its transaction; on
   * PostgreSQL the transaction spans awaits, and a timeout meanwhile does not undo it, as with a
   * remote payment API: the retry with the same key gets the recorded result.
   */
  async #write<T>(operation: Faultable, call: ShopWrite, change: (at: string) => Sql<T>): Promise<T> {
    await this.#enter(operation, call);
    const at = this.#clock.now().toISOString();
    return this.#db.transaction(idempotentWrite({ operation, key: call.key, at }, () => change(at)));
  }
}
