import { describe, expect, it } from 'vitest';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import type { Address } from '../../src/domains/retail/shop.js';
import { ConfigError, PermanentToolError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { sequentialIds } from '../../src/testing/index.js';

const clock = { now: () => new Date('2026-11-24T12:00:00Z') };
const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000).toISOString();

function openShop() {
  const db = openDatabase(':memory:');
  const shop = new SandboxShop({ db, clock, sleep: async () => {}, ids: sequentialIds() });
  const count = (table: string, where = '1 = 1', ...params: unknown[]) =>
    db
      .prepare(`SELECT count(*) FROM ${table} WHERE ${where}`)
      .pluck()
      .get(...params) as number;
  return { db, shop, count };
}

const returnOrd1001 = { customerId: 'C-1001', orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] };
const email = { customerId: 'C-1001', orderId: 'ORD-1001', template: 'return', subject: 'S', body: 'B' };
const newAddress: Address = {
  name: 'Liam Okafor',
  line1: '500 Congress Avenue',
  line2: 'Suite 3',
  city: 'Austin',
  postalCode: '78701',
  country: 'US',
};

describe('SandboxShop seed', () => {
  it('seeds at least 20 customers and 60 orders in every state', () => {
    const { count } = openShop();
    expect(count('shop_customers')).toBeGreaterThanOrEqual(20);
    expect(count('shop_orders')).toBeGreaterThanOrEqual(60);
    for (const status of ['placed', 'shipped', 'delivered', 'cancelled']) {
      expect(count('shop_orders', 'status = ?', status)).toBeGreaterThan(1);
    }
    expect(count('shop_products', 'final_sale = 1')).toBeGreaterThan(0);
  });

  it('seeds the canonical orders with dates relative to the clock', async () => {
    const { shop } = openShop();
    const o1 = await shop.getOrder('C-1001', 'ORD-1001');
    expect(o1).toMatchObject({
      status: 'delivered',
      deliveredAt: daysAgo(10),
      totalCents: 5998,
      currency: 'USD',
    });
    expect(o1?.items.map((i) => [i.quantity, i.unitPriceCents, i.finalSale])).toEqual([
      [1, 2999, false],
      [1, 2999, false],
    ]);
    expect((await shop.getOrder('C-1001', 'ORD-1002'))?.deliveredAt).toBe(daysAgo(90));
    const o3 = await shop.getOrder('C-1002', 'ORD-1003');
    expect(o3?.deliveredAt).toBe(daysAgo(5));
    expect(o3?.items.map((i) => i.finalSale).sort()).toEqual([false, true]);
    expect(await shop.getOrder('C-1002', 'ORD-1004')).toMatchObject({ status: 'placed', shippedAt: null });
    const shipment = await shop.trackShipment('C-1003', 'ORD-1005');
    expect(shipment).toMatchObject({ status: 'in_transit', trackingNumber: expect.any(String) });
    expect(shipment?.events.length).toBeGreaterThanOrEqual(2);
    const o6 = await shop.getOrder('C-1003', 'ORD-1006');
    expect([o6?.deliveredAt, o6?.totalCents]).toEqual([daysAgo(5), 64900]);
  });

  it('makes every order total the sum of its items', () => {
    const { db } = openShop();
    const mismatched = db
      .prepare(`SELECT o.id FROM shop_orders o JOIN shop_order_items i ON i.order_id = o.id
        GROUP BY o.id HAVING o.total_cents != SUM(i.quantity * i.unit_price_cents)`)
      .all();
    expect(mismatched).toEqual([]);
  });

  it('seeds only empty tables, and not at all when told not to', () => {
    const { db, count } = openShop();
    new SandboxShop({ db, clock, sleep: async () => {}, ids: sequentialIds() });
    expect(count('shop_orders', "id = 'ORD-1001'")).toBe(1);
    const bare = openDatabase(':memory:');
    new SandboxShop({ db: bare, clock, sleep: async () => {}, ids: sequentialIds(), seed: false });
    expect(bare.prepare('SELECT count(*) FROM shop_orders').pluck().get()).toBe(0);
  });

  it('reports a missing seed folder as a ConfigError', () => {
    const db = openDatabase(':memory:');
    expect(
      () =>
        new SandboxShop({ db, clock, sleep: async () => {}, ids: sequentialIds(), seedDir: '/nonexistent' }),
    ).toThrow(ConfigError);
  });
});

describe('SandboxShop reads', () => {
  it("never reveals that another customer's order exists", async () => {
    const { shop, count } = openShop();
    expect(await shop.getOrder('C-1002', 'ORD-1001')).toBeNull();
    expect(await shop.listRefunds('C-1002', 'ORD-1001')).toEqual([]);
    expect(await shop.trackShipment('C-1001', 'ORD-1005')).toBeNull();
    expect((await shop.listOrders('C-1002')).every((o) => o.customerId === 'C-1002')).toBe(true);
    const theirs = shop.createReturnLabel({ ...returnOrd1001, customerId: 'C-1002' }, { key: 'k1' });
    await expect(theirs).rejects.toThrow('Order ORD-1001 was not found on this account');
    const missing = shop.createReturnLabel({ ...returnOrd1001, orderId: 'ORD-9999' }, { key: 'k2' });
    await expect(missing).rejects.toThrow('Order ORD-9999 was not found on this account');
    await expect(shop.sendEmail({ ...email, customerId: 'C-1002' }, { key: 'k3' })).rejects.toThrow(
      PermanentToolError,
    );
    expect(count('shop_return_labels') + count('shop_emails')).toBe(0);
  });

  it("lists a customer's orders newest first", async () => {
    const { shop } = openShop();
    const placed = (await shop.listOrders('C-1001')).map((o) => o.placedAt);
    expect(placed.length).toBeGreaterThanOrEqual(2);
    expect([...placed].sort().reverse()).toEqual(placed);
  });

  it('describes any order for staff, with everything done to it, and null for an unknown one', async () => {
    const { shop } = openShop();
    const label = await shop.createReturnLabel(returnOrd1001, { key: 'l' });
    await shop.markItemsReturning({ orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] }, { key: 'm' });
    const refund = await shop.scheduleRefund(
      { ...returnOrd1001, amountCents: 2999, reason: 'fit' },
      { key: 'r' },
    );
    const sent = await shop.sendEmail(email, { key: 'e' });
    const record = await shop.describeOrder('ORD-1001');
    expect(record?.order.id).toBe('ORD-1001');
    expect(record?.inventory).toEqual([
      { sku: 'SKU-TEE-BLU', state: 'returning' },
      { sku: 'SKU-TEE-GRN', state: 'sold' },
    ]);
    expect([record?.labels, record?.refunds, record?.emails]).toEqual([[label], [refund], [sent]]);
    expect(await shop.describeOrder('ORD-9999')).toBeNull();
  });
});

describe('SandboxShop writes', () => {
  it('issues a UPS return label with a tracking number and url derived from its id', async () => {
    const { shop } = openShop();
    expect(await shop.createReturnLabel(returnOrd1001, { key: 'k' })).toEqual({
      labelId: 'lbl_1',
      orderId: 'ORD-1001',
      carrier: 'UPS',
      trackingNumber: '1ZRET0000000001',
      url: 'https://labels.sandbox.keel.dev/lbl_1.pdf',
      status: 'active',
      createdAt: '2026-11-24T12:00:00.000Z',
    });
  });

  it('applies a write once per key and returns the first result to every repeat', async () => {
    const { shop, count } = openShop();
    const label = await shop.createReturnLabel(returnOrd1001, { key: 'wf_1:label' });
    expect(await shop.createReturnLabel(returnOrd1001, { key: 'wf_1:label' })).toEqual(label);
    const req = { ...returnOrd1001, amountCents: 5998, reason: 'fit' };
    const refund = await shop.scheduleRefund(req, { key: 'wf_1:refund' });
    expect(await shop.scheduleRefund({ ...req, amountCents: 1 }, { key: 'wf_1:refund' })).toEqual(refund);
    const sent = await shop.sendEmail(email, { key: 'wf_1:email' });
    expect(await shop.sendEmail(email, { key: 'wf_1:email' })).toEqual(sent);
    expect([count('shop_return_labels'), count('shop_refunds'), count('shop_emails')]).toEqual([1, 1, 1]);
  });

  it('refuses a key that was used for another operation, and changes nothing', async () => {
    const { shop, count } = openShop();
    await shop.scheduleRefund({ ...returnOrd1001, amountCents: 100, reason: 'fit' }, { key: 'wf_1:3' });
    const reused = shop.createReturnLabel(returnOrd1001, { key: 'wf_1:3' });
    await expect(reused).rejects.toBeInstanceOf(PermanentToolError);
    await expect(reused).rejects.toThrow('Idempotency key "wf_1:3" was already used for schedule_refund');
    expect(count('shop_return_labels')).toBe(0);
  });

  it('records no key for a refused write, so the same key may be used once the cause is fixed', async () => {
    const { shop } = openShop();
    const over = { ...returnOrd1001, amountCents: 6000, reason: 'fit' };
    await expect(shop.scheduleRefund(over, { key: 'k' })).rejects.toThrow(
      'exceeds the 5998 cents still refundable',
    );
    const refund = await shop.scheduleRefund({ ...over, amountCents: 5998 }, { key: 'k' });
    expect(refund).toMatchObject({ amountCents: 5998, status: 'scheduled' });
  });

  it('schedules a refund in the order currency, expected after the settlement days', async () => {
    const { shop } = openShop();
    const refund = await shop.scheduleRefund(
      { ...returnOrd1001, amountCents: 2999, reason: 'fit' },
      { key: 'k' },
    );
    expect(refund).toEqual({
      refundId: 'rf_1',
      orderId: 'ORD-1001',
      amountCents: 2999,
      currency: 'USD',
      status: 'scheduled',
      createdAt: '2026-11-24T12:00:00.000Z',
      expectedBy: '2026-11-29T12:00:00.000Z',
    });
    expect(await shop.listRefunds('C-1001', 'ORD-1001')).toEqual([refund]);
  });

  it("queues an email to the customer's address on file", async () => {
    const { shop, db } = openShop();
    const sent = await shop.sendEmail(email, { key: 'k' });
    expect(sent).toMatchObject({
      emailId: 'em_1',
      to: await shop.getCustomerEmail('C-1001'),
      status: 'queued',
    });
    expect(db.prepare('SELECT body FROM shop_emails').pluck().get()).toBe('B');
  });

  it('marks items returning and restores them to sold', async () => {
    const { shop } = openShop();
    const skus = ['SKU-TEE-BLU', 'SKU-TEE-GRN'];
    const returning = await shop.markItemsReturning({ orderId: 'ORD-1001', skus }, { key: 'a' });
    expect(returning.map((i) => i.state)).toEqual(['returning', 'returning']);
    await shop.restoreInventory({ orderId: 'ORD-1001', skus: ['SKU-TEE-GRN'] }, { key: 'b' });
    expect((await shop.describeOrder('ORD-1001'))?.inventory.map((i) => i.state)).toEqual([
      'returning',
      'sold',
    ]);
  });

  it('puts back only the items a mark still holds: a later mark by another write stays', async () => {
    const { shop } = openShop();
    const skus = ['SKU-TEE-BLU', 'SKU-TEE-GRN'];
    const states = async () => (await shop.describeOrder('ORD-1001'))?.inventory.map((i) => i.state);
    await shop.markItemsReturning({ orderId: 'ORD-1001', skus }, { key: 'wf_a:inventory' });
    await shop.markItemsReturning({ orderId: 'ORD-1001', skus }, { key: 'wf_b:inventory' });
    const mine = { orderId: 'ORD-1001', skus, markedBy: 'wf_a:inventory' };
    expect(await shop.restoreInventory(mine, { key: 'wf_a:inventory:undo' })).toEqual([]);
    expect(await states()).toEqual(['returning', 'returning']);
    const theirs = { orderId: 'ORD-1001', skus, markedBy: 'wf_b:inventory' };
    expect(await shop.restoreInventory(theirs, { key: 'wf_b:inventory:undo' })).toEqual([
      { sku: 'SKU-TEE-BLU', state: 'sold' },
      { sku: 'SKU-TEE-GRN', state: 'sold' },
    ]);
    expect(await states()).toEqual(['sold', 'sold']);
  });

  it('rolls back every item when one sku is not on the order', async () => {
    const { shop, count } = openShop();
    const mark = shop.markItemsReturning(
      { orderId: 'ORD-1001', skus: ['SKU-TEE-BLU', 'SKU-NOPE'] },
      { key: 'a' },
    );
    await expect(mark).rejects.toThrow('Order ORD-1001 has no item SKU-NOPE');
    expect(count('shop_order_items', "inventory_state = 'returning'")).toBe(0);
  });

  it('cancels a placed order and changes its address, but neither once it has shipped', async () => {
    const { shop } = openShop();
    const moved = await shop.changeShippingAddress(
      { customerId: 'C-1002', orderId: 'ORD-1004', address: newAddress },
      { key: 'a' },
    );
    expect([moved.order.shippingAddress, moved.previousAddress.line1]).toEqual([newAddress, '17 Oak Street']);
    const cancel = { customerId: 'C-1002', orderId: 'ORD-1004', reason: 'changed my mind' };
    expect((await shop.cancelOrder(cancel, { key: 'b' })).status).toBe('cancelled');
    await expect(shop.cancelOrder(cancel, { key: 'c' })).rejects.toThrow(
      'Order ORD-1004 has already been cancelled',
    );
    const shipped = { customerId: 'C-1003', orderId: 'ORD-1005' };
    const error = await shop.cancelOrder({ ...shipped, reason: 'x' }, { key: 'd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentToolError);
    expect((error as PermanentToolError).message).toBe(
      'Order ORD-1005 has shipped and can no longer be cancelled',
    );
    expect((error as PermanentToolError).details).toEqual({ orderId: 'ORD-1005', status: 'shipped' });
    await expect(
      shop.changeShippingAddress({ ...shipped, address: newAddress }, { key: 'e' }),
    ).rejects.toThrow('its shipping address can no longer be changed');
  });

  it('refuses a return label for an item not on the order or an order not yet delivered', async () => {
    const { shop } = openShop();
    await expect(
      shop.createReturnLabel({ ...returnOrd1001, skus: ['SKU-NOPE'] }, { key: 'a' }),
    ).rejects.toThrow('has no item SKU-NOPE');
    const placed = { customerId: 'C-1002', orderId: 'ORD-1004', skus: ['SKU-HOOD-M'] };
    await expect(shop.createReturnLabel(placed, { key: 'b' })).rejects.toThrow(
      'return labels are for delivered orders',
    );
  });

  it('returns an already void label and an already cancelled refund unchanged', async () => {
    const { shop } = openShop();
    const label = await shop.createReturnLabel(returnOrd1001, { key: 'a' });
    const voided = await shop.voidReturnLabel({ labelId: label.labelId }, { key: 'b' });
    expect(await shop.voidReturnLabel({ labelId: label.labelId }, { key: 'c' })).toEqual(voided);
    expect(voided.status).toBe('void');
    const refund = await shop.scheduleRefund(
      { ...returnOrd1001, amountCents: 100, reason: 'x' },
      { key: 'd' },
    );
    const cancelled = await shop.cancelRefund({ refundId: refund.refundId }, { key: 'e' });
    expect(await shop.cancelRefund({ refundId: refund.refundId }, { key: 'f' })).toEqual(cancelled);
    expect(cancelled.status).toBe('cancelled');
    await expect(shop.voidReturnLabel({ labelId: 'lbl_nope' }, { key: 'g' })).rejects.toThrow(
      'does not exist',
    );
    await expect(shop.cancelRefund({ refundId: 'rf_nope' }, { key: 'h' })).rejects.toThrow('does not exist');
  });

  it('changes nothing when the call was aborted before it acted', async () => {
    const { shop, count } = openShop();
    const signal = AbortSignal.abort(new Error('timed out'));
    await expect(shop.sendEmail(email, { key: 'a', signal })).rejects.toThrow('timed out');
    await expect(shop.createReturnLabel(returnOrd1001, { key: 'b', signal })).rejects.toThrow('timed out');
    expect(count('shop_emails') + count('shop_return_labels') + count('shop_idempotency')).toBe(0);
  });
});
