import { describe, expect, it } from 'vitest';
import { ConfigError, PermanentToolError, RetryableToolError } from '../../src/errors.js';
import { FaultInjector, parseFaults } from '../../src/tools/sandbox/faults.js';
import { createShopHarness } from '../helpers/shop-harness.js';

describe('SandboxShop', () => {
  it('seeds at least 20 customers and 60 orders in mixed states, with the canonical cases', async () => {
    const h = createShopHarness();
    expect(h.count('shop_customers')).toBeGreaterThanOrEqual(20);
    expect(h.count('shop_orders')).toBeGreaterThanOrEqual(60);
    for (const status of ['placed', 'shipped', 'delivered', 'cancelled']) {
      expect(h.count('shop_orders', 'status = ?', status)).toBeGreaterThan(0);
    }
    const day = 86_400_000;
    const ago = (iso: string | null | undefined) =>
      Math.round((Date.parse('2026-11-24T12:00:00Z') - Date.parse(iso ?? '')) / day);
    const o1 = await h.shop.getOrder('C-1001', 'ORD-1001');
    expect([o1?.status, ago(o1?.deliveredAt), o1?.items.length, o1?.totalCents]).toEqual([
      'delivered',
      10,
      2,
      5998,
    ]);
    expect(ago((await h.shop.getOrder('C-1001', 'ORD-1002'))?.deliveredAt)).toBe(90);
    const o3 = await h.shop.getOrder('C-1002', 'ORD-1003');
    expect([ago(o3?.deliveredAt), o3?.items.filter((i) => i.finalSale).length]).toEqual([5, 1]);
    expect((await h.shop.getOrder('C-1002', 'ORD-1004'))?.status).toBe('placed');
    const o5 = await h.shop.getOrder('C-1003', 'ORD-1005');
    expect([o5?.status, typeof o5?.trackingNumber]).toEqual(['shipped', 'string']);
    const o6 = await h.shop.getOrder('C-1003', 'ORD-1006');
    expect([ago(o6?.deliveredAt), (o6?.totalCents ?? 0) > 50_000]).toEqual([5, true]);
  });

  it("never shows one customer another customer's order", async () => {
    const h = createShopHarness();
    expect(await h.shop.getOrder('C-1002', 'ORD-1001')).toBeNull();
    expect(await h.shop.listRefunds('C-1002', 'ORD-1001')).toEqual([]);
    expect(await h.shop.trackShipment('C-1001', 'ORD-1005')).toBeNull();
    await expect(
      h.shop.createReturnLabel({ customerId: 'C-1002', orderId: 'ORD-1001', skus: [] }, { key: 'k1' }),
    ).rejects.toBeInstanceOf(PermanentToolError);
  });

  it('applies a write once per idempotency key and returns the first result again', async () => {
    const h = createShopHarness();
    const req = { customerId: 'C-1001', orderId: 'ORD-1001', amountCents: 5998, reason: 'fit' };
    const first = await h.shop.scheduleRefund(req, { key: 'wf_1:refund' });
    const second = await h.shop.scheduleRefund({ ...req, amountCents: 1 }, { key: 'wf_1:refund' });
    expect(second).toEqual(first);
    expect(h.count('shop_refunds')).toBe(1);
    await expect(
      h.shop.createReturnLabel(
        { customerId: 'C-1001', orderId: 'ORD-1001', skus: [] },
        { key: 'wf_1:refund' },
      ),
    ).rejects.toThrow('already used for schedule_refund');
  });

  it('changes nothing when the call was aborted before it acted', async () => {
    const h = createShopHarness();
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    const send = h.shop.sendEmail(
      { customerId: 'C-1001', orderId: 'ORD-1001', template: 't', subject: 's', body: 'b' },
      { key: 'k', signal: controller.signal },
    );
    await expect(send).rejects.toThrow('timed out');
    expect(h.count('shop_emails')).toBe(0);
  });

  it('refuses business-rule violations permanently', async () => {
    const h = createShopHarness();
    await expect(
      h.shop.cancelOrder({ customerId: 'C-1003', orderId: 'ORD-1005', reason: 'x' }, { key: 'a' }),
    ).rejects.toThrow('has shipped and can no longer be cancelled');
    const refund = await h.shop.scheduleRefund(
      { customerId: 'C-1001', orderId: 'ORD-1001', amountCents: 100, reason: 'x' },
      { key: 'b' },
    );
    const cancelled = await h.shop.cancelRefund({ refundId: refund.refundId }, { key: 'c' });
    expect(cancelled.status).toBe('cancelled');
    await expect(h.shop.voidReturnLabel({ labelId: 'lbl_nope' }, { key: 'd' })).rejects.toThrow(
      'does not exist',
    );
  });
});

describe('sandbox faults', () => {
  it('parses several tools and settings', () => {
    expect(
      parseFaults(
        'create_return_label:fail=2,send_confirmation_email:fail=always,schedule_refund:delay=3000:fail=1',
      ),
    ).toEqual({
      create_return_label: { fail: 2 },
      send_confirmation_email: { fail: 'always' },
      schedule_refund: { delayMs: 3000, fail: 1 },
    });
    expect(parseFaults('')).toEqual({});
  });

  it.each([
    'refund_everything:fail=1',
    'create_return_label',
    'create_return_label:fail=-1',
    'schedule_refund:slow=1',
  ])('rejects %s with a ConfigError naming the valid settings', (text) => {
    expect(() => parseFaults(text)).toThrow(ConfigError);
  });

  it('fails the first N calls, then lets calls through; delays use the injected sleep and signal', async () => {
    const sleeps: number[] = [];
    const faults = new FaultInjector(
      'create_return_label:fail=2,schedule_refund:delay=250',
      async (ms, signal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
      },
    );
    await expect(faults.before('create_return_label')).rejects.toBeInstanceOf(RetryableToolError);
    await expect(faults.before('create_return_label')).rejects.toBeInstanceOf(RetryableToolError);
    await expect(faults.before('create_return_label')).resolves.toBeUndefined();
    await faults.before('schedule_refund');
    expect(sleeps).toEqual([250]);
    await expect(faults.before('schedule_refund', AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
  });
});
