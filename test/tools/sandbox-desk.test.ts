import { describe, expect, it } from 'vitest';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import type { Address } from '../../src/domains/retail/shop.js';
import { PermanentToolError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { sequentialIds } from '../../src/testing/index.js';

const clock = { now: () => new Date('2026-11-24T12:00:00Z') };
const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000).toISOString();

function openShop() {
  const db = openDatabase(':memory:');
  const shop = new SandboxShop({ db, clock, sleep: async () => {}, ids: sequentialIds() });
  const stock = (sku: string) =>
    db.prepare('SELECT stock FROM shop_products WHERE sku = ?').pluck().get(sku) as number;
  const balance = (methodId: string) =>
    db.prepare('SELECT balance_cents FROM shop_payment_methods WHERE id = ?').pluck().get(methodId) as number;
  return { db, shop, stock, balance };
}

const write = (key: string) => ({ key });
const exchange1101 = {
  customerId: 'C-1025',
  orderId: 'ORD-1101',
  sku: 'SKU-TRAIL-9',
  newSku: 'SKU-TRAIL-10',
  quantity: 1,
  methodId: null,
};

describe('SandboxShop desk: the canonical cases', () => {
  it('seeds ORD-1101 to ORD-1103 and C-1026 as the issue describes', async () => {
    const { shop } = openShop();
    const o1101 = await shop.getOrder('C-1025', 'ORD-1101');
    expect(o1101).toMatchObject({ status: 'delivered', deliveredAt: daysAgo(6) });
    expect(o1101?.items).toEqual([
      expect.objectContaining({ sku: 'SKU-TRAIL-9', productId: 'trail-runner' }),
    ]);
    const o1102 = await shop.getOrder('C-1025', 'ORD-1102');
    expect(o1102?.status).toBe('placed');
    expect(o1102?.items.map((i) => i.name)).toEqual(['Weekender Bag', 'Organic Cotton Tee (Blue, size S)']);
    const o1103 = await shop.getOrder('C-1026', 'ORD-1103');
    expect(o1103).toMatchObject({ status: 'delivered', deliveredAt: daysAgo(8) });
    const products = await shop.listProducts();
    const runner = products.find((p) => p.productId === 'trail-runner');
    const shell = products.find((p) => p.productId === 'rain-shell');
    const stockOf = (p: typeof runner, size: string) => p?.variants.find((v) => v.options.size === size);
    expect(stockOf(runner, '10')).toMatchObject({ priceCents: 12900 });
    expect(stockOf(runner, '10')?.stock).toBeGreaterThan(0);
    expect(stockOf(shell, 'L')?.stock).toBe(0);
    expect(stockOf(shell, 'XL')?.stock).toBeGreaterThan(0);
    const profile = await shop.getProfile('C-1026');
    expect(profile?.paymentMethods.map((m) => [m.kind, m.balanceCents])).toEqual([
      ['card', null],
      ['gift_card', 2500],
    ]);
    expect(o1103?.payments).toEqual([
      { methodId: 'pm-1026-mc', label: 'Mastercard ending 5555', amountCents: 15900 },
    ]);
  });

  it('keeps the orders of earlier seeds as they were: one product per SKU unless grouped, no payments', async () => {
    const { shop } = openShop();
    const order = await shop.getOrder('C-1001', 'ORD-1001');
    expect(order?.totalCents).toBe(5998);
    expect(order?.payments).toBeUndefined();
    expect(order?.items.map((i) => i.name)).toEqual([
      'Organic Cotton Tee (Blue)',
      'Organic Cotton Tee (Green)',
    ]);
  });
});

describe('SandboxShop desk: exchanges', () => {
  it('exchanges a delivered line once: label for the old item, shipment for the new, stock taken', async () => {
    const { shop, stock } = openShop();
    const before = stock('SKU-TRAIL-10');
    const done = await shop.exchangeItem(exchange1101, write('k1'));
    expect(done).toMatchObject({
      sku: 'SKU-TRAIL-9',
      newSku: 'SKU-TRAIL-10',
      differenceCents: 0,
      status: 'active',
    });
    expect(done.label).toMatchObject({ status: 'active', carrier: 'UPS' });
    expect(done.shipment.trackingNumber).toMatch(/^1ZEXC\d{10}$/);
    expect(stock('SKU-TRAIL-10')).toBe(before - 1);
    // Same key: the same exchange, nothing taken twice; another key: refused, one exchange per line.
    expect(await shop.exchangeItem(exchange1101, write('k1'))).toEqual(done);
    expect(stock('SKU-TRAIL-10')).toBe(before - 1);
    await expect(shop.exchangeItem(exchange1101, write('k2'))).rejects.toThrow(/already been exchanged/);
    const record = await shop.describeOrder('ORD-1101');
    expect(record?.exchanges).toHaveLength(1);
    expect(record?.labels).toHaveLength(1);
  });

  it('refuses an out-of-stock variant, another product and another customer, changing nothing', async () => {
    const { shop, stock } = openShop();
    const shell = {
      customerId: 'C-1026',
      orderId: 'ORD-1103',
      sku: 'SKU-RAIN-M',
      quantity: 1,
      methodId: null,
    };
    await expect(shop.exchangeItem({ ...shell, newSku: 'SKU-RAIN-L' }, write('a'))).rejects.toThrow(
      /out of stock/,
    );
    await expect(shop.exchangeItem({ ...shell, newSku: 'SKU-TRAIL-10' }, write('b'))).rejects.toThrow(
      PermanentToolError,
    );
    await expect(shop.exchangeItem({ ...exchange1101, customerId: 'C-1026' }, write('c'))).rejects.toThrow(
      /not found/,
    );
    expect(stock('SKU-RAIN-L')).toBe(0);
    expect((await shop.describeOrder('ORD-1103'))?.labels).toEqual([]);
  });

  it('charges a dearer variant to the chosen method, and cancelling puts everything back', async () => {
    const { shop, stock } = openShop();
    const xl = {
      customerId: 'C-1026',
      orderId: 'ORD-1103',
      sku: 'SKU-RAIN-M',
      newSku: 'SKU-RAIN-XL',
      quantity: 1,
    };
    const done = await shop.exchangeItem({ ...xl, methodId: null }, write('x'));
    expect(done).toMatchObject({ differenceCents: 1000, methodId: 'pm-1026-mc' });
    expect((await shop.getOrder('C-1026', 'ORD-1103'))?.payments?.[0]?.amountCents).toBe(16900);
    const undone = await shop.cancelExchange({ exchangeId: done.exchangeId }, write('y'));
    expect(undone.status).toBe('cancelled');
    expect(undone.label.status).toBe('void');
    expect(stock('SKU-RAIN-XL')).toBe(2);
    expect((await shop.getOrder('C-1026', 'ORD-1103'))?.payments?.[0]?.amountCents).toBe(15900);
  });
});

describe('SandboxShop desk: unshipped orders', () => {
  it('swaps a variant and removes a line, settling the difference, and reverts', async () => {
    const { shop, stock } = openShop();
    const changes = [
      { sku: 'SKU-TEE-BLU-S', newSku: 'SKU-TEE-GRN-S', quantity: null },
      { sku: 'SKU-BAG', newSku: null, quantity: null },
    ];
    const change = await shop.changeOrderItems(
      { customerId: 'C-1025', orderId: 'ORD-1102', changes, methodId: null },
      write('m'),
    );
    expect(change.order.items.map((i) => i.sku)).toEqual(['SKU-TEE-GRN-S']);
    expect(change.order.totalCents).toBe(2999);
    expect(change.settlement).toMatchObject({ differenceCents: -14500, methodLabel: 'PayPal' });
    expect(change.order.payments).toEqual([
      { methodId: 'pm-1025-paypal', label: 'PayPal', amountCents: 2999 },
    ]);
    const back = await shop.revertOrderChange({ changeId: change.changeId }, write('r'));
    expect(back.items.map((i) => i.sku)).toEqual(['SKU-BAG', 'SKU-TEE-BLU-S']);
    expect(back.totalCents).toBe(17499);
    expect(back.payments?.[0]?.amountCents).toBe(17499);
    expect(stock('SKU-TEE-GRN-S')).toBe(5);
  });

  it('refuses to leave an order empty (that is a cancel) and to change a shipped one', async () => {
    const { shop } = openShop();
    const all = [
      { sku: 'SKU-TEE-BLU-S', newSku: null, quantity: null },
      { sku: 'SKU-BAG', newSku: null, quantity: null },
    ];
    await expect(
      shop.changeOrderItems(
        { customerId: 'C-1025', orderId: 'ORD-1102', changes: all, methodId: null },
        write('e'),
      ),
    ).rejects.toThrow(/empty/);
    await expect(
      shop.changeOrderItems(
        { customerId: 'C-1025', orderId: 'ORD-1101', changes: [all[0] as never], methodId: null },
        write('f'),
      ),
    ).rejects.toThrow(/only orders that have not shipped/);
  });

  it('a gift card pays what its balance covers; the rest stays on the card', async () => {
    const { shop, balance } = openShop();
    const change = await shop.changeOrderPayment(
      { customerId: 'C-1026', orderId: 'ORD-1106', methodId: 'pm-1026-gift' },
      write('g'),
    );
    expect(change.order.payments).toEqual([
      { methodId: 'pm-1026-mc', label: 'Mastercard ending 5555', amountCents: 8600 },
      { methodId: 'pm-1026-gift', label: 'Gift card GC-1026', amountCents: 2500 },
    ]);
    expect(balance('pm-1026-gift')).toBe(0);
    await shop.revertOrderChange({ changeId: change.changeId }, write('h'));
    expect(balance('pm-1026-gift')).toBe(2500);
    await expect(
      shop.changeOrderPayment(
        { customerId: 'C-1026', orderId: 'ORD-1106', methodId: 'pm-1025-visa' },
        write('i'),
      ),
    ).rejects.toThrow(/not on this account/);
  });
});

describe('SandboxShop desk: profiles and staff lookup', () => {
  it("changes the default address and leaves every order's shipping address alone", async () => {
    const { shop } = openShop();
    const address: Address = {
      name: 'Jordan Blake',
      line1: '45 Cedar Road',
      line2: null,
      city: 'Seattle',
      postalCode: '98109',
      country: 'US',
    };
    const { profile, previousAddress } = await shop.changeDefaultAddress(
      { customerId: 'C-1025', address },
      write('d'),
    );
    expect(profile.defaultAddress).toEqual(address);
    expect(previousAddress.line1).toBe('221 Pine Street');
    expect((await shop.getOrder('C-1025', 'ORD-1102'))?.shippingAddress.line1).toBe('221 Pine Street');
  });

  it('finds customers by email or by name and postal code, never by name alone', async () => {
    const { shop } = openShop();
    expect(
      (await shop.findCustomers({ email: 'Ruth.Alvarez@example.com ' })).map((c) => c.customerId),
    ).toEqual(['C-1026']);
    expect(
      (await shop.findCustomers({ name: 'sam lee', postalCode: '10001' })).map((c) => c.customerId),
    ).toEqual(['C-1028']);
    expect(await shop.findCustomers({ name: 'Sam Lee', postalCode: '' })).toEqual([]);
  });
});
