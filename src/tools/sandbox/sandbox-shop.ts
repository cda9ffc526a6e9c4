import { REFUND_SETTLEMENT_DAYS } from '../../defaults.js';
import { PermanentToolError } from '../../errors.js';
import type { Clock, Ids, Sleep } from '../../runtime.js';
import type { SqliteDatabase } from '../../store/database.js';
import { migrate } from '../../store/migrations.js';
import { addDays } from '../retail/money.js';
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
import { orderRecordOf, shipmentOf } from './sandbox-queries.js';
import { type Row, toEmail, toLabel, toOrder, toRefund } from './sandbox-rows.js';
import { SHOP_MIGRATIONS } from './sandbox-schema.js';
import { DEFAULT_SEED_DIR, seedShop } from './seed.js';

export interface SandboxShopOptions {
  /** The connection to keep the shop in; usually the same file as the store. */
  db: SqliteDatabase;
  clock: Clock;
  sleep: Sleep;
  ids: Ids;
  /** Injected misbehaviour, e.g. `create_return_label:fail=2`. @default none */
  faults?: FaultPlan | string;
  /** Seed the shop when its tables are empty. @default true */
  seed?: boolean;
  /** @default fixtures/shop at the repository root */
  seedDir?: string;
}

/**
 * The shop port over SQLite, for demos and tests. Writes are deduplicated by idempotency key in the
 * same transaction as the change, as a payment API does, so a retried or resumed step changes
 * things once.
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
    if (empty && options.seed !== false)
      seedShop(this.#db, options.seedDir ?? DEFAULT_SEED_DIR, this.#clock.now());
  }

  async getOrder(customerId: string, orderId: string, call: ShopCall = {}): Promise<Order | null> {
    await this.#enter('lookup_order', call);
    return this.#order(orderId, customerId);
  }

  async listOrders(customerId: string): Promise<Order[]> {
    const ids = this.#db
      .prepare('SELECT id FROM shop_orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC')
      .pluck()
      .all(customerId) as string[];
    return ids.map((id) => this.#order(id, customerId)).filter((order): order is Order => order !== null);
  }

  async getCustomerEmail(customerId: string): Promise<string | null> {
    const row = this.#db.prepare('SELECT email FROM shop_customers WHERE id = ?').get(customerId) as
      | Row
      | undefined;
    return (row?.email as string | undefined) ?? null;
  }

  async createReturnLabel(
    req: { customerId: string; orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<ReturnLabel> {
    return this.#write('create_return_label', call, () => {
      this.#owned(req.customerId, req.orderId);
      const id = this.#ids.next('lbl');
      const tracking = `1ZRET${id.replace(/\D/g, '').padStart(10, '0').slice(-10)}`;
      this.#db
        .prepare(`INSERT INTO shop_return_labels VALUES (?, ?, 'UPS', ?, ?, 'active', ?, ?)`)
        .run(id, req.orderId, tracking, `https://labels.sandbox.keel.dev/${id}.pdf`, this.#now(), call.key);
      return this.#label(id);
    });
  }

  async voidReturnLabel(req: { labelId: string }, call: ShopWrite): Promise<ReturnLabel> {
    return this.#write('void_return_label', call, () => {
      if (
        this.#db.prepare(`UPDATE shop_return_labels SET status = 'void' WHERE id = ?`).run(req.labelId)
          .changes === 0
      ) {
        throw new PermanentToolError(`Return label ${req.labelId} does not exist`);
      }
      return this.#label(req.labelId);
    });
  }

  async markItemsReturning(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('mark_items_returning', call, () =>
      this.#setInventory(req.orderId, req.skus, 'returning'),
    );
  }

  async restoreInventory(
    req: { orderId: string; skus: string[] },
    call: ShopWrite,
  ): Promise<InventoryItem[]> {
    return this.#write('restore_inventory', call, () => this.#setInventory(req.orderId, req.skus, 'sold'));
  }

  async scheduleRefund(
    req: { customerId: string; orderId: string; amountCents: number; reason: string },
    call: ShopWrite,
  ): Promise<Refund> {
    return this.#write('schedule_refund', call, () => {
      const order = this.#owned(req.customerId, req.orderId);
      const id = this.#ids.next('rf');
      const now = this.#clock.now();
      const expected = addDays(now, REFUND_SETTLEMENT_DAYS).toISOString();
      this.#db
        .prepare(`INSERT INTO shop_refunds VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?, ?)`)
        .run(
          id,
          req.orderId,
          req.amountCents,
          order.currency,
          req.reason,
          now.toISOString(),
          expected,
          call.key,
        );
      return toRefund(this.#db.prepare('SELECT * FROM shop_refunds WHERE id = ?').get(id) as Row);
    });
  }

  async cancelRefund(req: { refundId: string }, call: ShopWrite): Promise<Refund> {
    return this.#write('cancel_refund', call, () => {
      const row = this.#db.prepare('SELECT * FROM shop_refunds WHERE id = ?').get(req.refundId) as
        | Row
        | undefined;
      if (!row) throw new PermanentToolError(`Refund ${req.refundId} does not exist`);
      if (row.status === 'paid')
        throw new PermanentToolError(`Refund ${req.refundId} has been paid and cannot be cancelled`);
      this.#db.prepare(`UPDATE shop_refunds SET status = 'cancelled' WHERE id = ?`).run(req.refundId);
      return toRefund({ ...row, status: 'cancelled' });
    });
  }

  async listRefunds(customerId: string, orderId: string, call: ShopCall = {}): Promise<Refund[]> {
    await this.#enter('get_refund_status', call);
    if (!this.#order(orderId, customerId)) return [];
    return (
      this.#db
        .prepare('SELECT * FROM shop_refunds WHERE order_id = ? ORDER BY created_at, id')
        .all(orderId) as Row[]
    ).map(toRefund);
  }

  async sendEmail(
    req: { customerId: string; orderId: string | null; template: string; subject: string; body: string },
    call: ShopWrite,
  ): Promise<Email> {
    return this.#write('send_confirmation_email', call, () => {
      const row = this.#db.prepare('SELECT email FROM shop_customers WHERE id = ?').get(req.customerId) as
        | Row
        | undefined;
      if (!row) throw new PermanentToolError(`Customer ${req.customerId} has no email address on file`);
      const id = this.#ids.next('em');
      this.#db
        .prepare(`INSERT INTO shop_emails VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`)
        .run(
          id,
          req.customerId,
          req.orderId,
          row.email,
          req.template,
          req.subject,
          req.body,
          this.#now(),
          call.key,
        );
      return toEmail(this.#db.prepare('SELECT * FROM shop_emails WHERE id = ?').get(id) as Row);
    });
  }

  async cancelOrder(
    req: { customerId: string; orderId: string; reason: string },
    call: ShopWrite,
  ): Promise<Order> {
    return this.#write('cancel_order', call, () => {
      const order = this.#owned(req.customerId, req.orderId);
      if (order.status !== 'placed')
        throw new PermanentToolError(`Order ${order.id} has ${order.status} and can no longer be cancelled`);
      this.#db.prepare(`UPDATE shop_orders SET status = 'cancelled' WHERE id = ?`).run(order.id);
      return this.#owned(req.customerId, req.orderId);
    });
  }

  async changeShippingAddress(
    req: { customerId: string; orderId: string; address: Address },
    call: ShopWrite,
  ): Promise<{ order: Order; previousAddress: Address }> {
    return this.#write('change_shipping_address', call, () => {
      const order = this.#owned(req.customerId, req.orderId);
      if (order.status !== 'placed')
        throw new PermanentToolError(
          `Order ${order.id} has ${order.status}; its address can no longer be changed`,
        );
      this.#db
        .prepare('UPDATE shop_orders SET address_json = ? WHERE id = ?')
        .run(JSON.stringify(req.address), order.id);
      return { order: this.#owned(req.customerId, req.orderId), previousAddress: order.shippingAddress };
    });
  }

  async trackShipment(customerId: string, orderId: string, call: ShopCall = {}): Promise<Shipment | null> {
    await this.#enter('track_shipment', call);
    const order = this.#order(orderId, customerId);
    return order ? shipmentOf(this.#db, order) : null;
  }

  async describeOrder(orderId: string): Promise<OrderRecord | null> {
    const order = this.#order(orderId, null);
    return order ? orderRecordOf(this.#db, order) : null;
  }

  /** Faults first (the remote system is down or slow), then a last check that the caller still waits. */
  async #enter(name: Faultable, call: ShopCall): Promise<void> {
    await this.#faults.before(name, call.signal);
    call.signal?.throwIfAborted();
  }

  /** One transaction: the idempotency record is checked and written together with the change. */
  async #write<T>(operation: Faultable, call: ShopWrite, change: () => T): Promise<T> {
    await this.#enter(operation, call);
    return idempotentWrite(this.#db, { operation, key: call.key, at: this.#now() }, change);
  }

  #order(orderId: string, customerId: string | null): Order | null {
    const row = this.#db
      .prepare('SELECT * FROM shop_orders WHERE id = ? AND (? IS NULL OR customer_id = ?)')
      .get(orderId, customerId, customerId) as Row | undefined;
    if (!row) return null;
    const items = this.#db
      .prepare('SELECT * FROM shop_order_items WHERE order_id = ? ORDER BY sku')
      .all(orderId) as Row[];
    return toOrder(row, items);
  }

  #owned(customerId: string, orderId: string): Order {
    const order = this.#order(orderId, customerId);
    if (!order) throw new PermanentToolError(`Order ${orderId} was not found on this account`);
    return order;
  }

  #label(id: string): ReturnLabel {
    return toLabel(this.#db.prepare('SELECT * FROM shop_return_labels WHERE id = ?').get(id) as Row);
  }

  #setInventory(orderId: string, skus: string[], state: InventoryItem['state']): InventoryItem[] {
    const update = this.#db.prepare(
      'UPDATE shop_order_items SET inventory_state = ? WHERE order_id = ? AND sku = ?',
    );
    for (const sku of skus) {
      if (update.run(state, orderId, sku).changes === 0)
        throw new PermanentToolError(`Order ${orderId} has no item ${sku}`);
    }
    return skus.map((sku) => ({ sku, state }));
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}
