import { z } from 'zod';
import { EscalateToHuman, PermanentToolError } from '../../../errors.js';
import { describeOptions, type Product } from '../catalog.js';
import { RETURN_WINDOW_DAYS } from '../defaults.js';
import { Exchange, ExchangeQuote } from '../exchanges.js';
import { daysBetween } from '../money.js';
import { defineRetailTool } from '../ports.js';
import { Order, type OrderItem } from '../shop.js';

const PaymentMethodId = z
  .string()
  .nullable()
  .describe(
    "One of the customer's payment method ids to settle a price difference with, or null for the one the order was paid with",
  );

/** "Rain Shell (size L) is out of stock; in stock: size S, size XL": the reason and what is possible. */
function outOfStock(product: Product, wanted: string, line: OrderItem): PermanentToolError {
  const others = product.variants.filter((v) => v.stock > 0 && v.sku !== line.sku);
  const list = others.map((v) => describeOptions(v.options)).join(', ');
  return new PermanentToolError(`${wanted} is out of stock${list ? `; in stock: ${list}` : ''}`, {
    details: { sku: line.sku, outOfStock: wanted, inStock: others.map((v) => v.sku) },
  });
}

export const checkExchange = defineRetailTool({
  name: 'check_exchange',
  description: `Checks that one item of a delivered order can be exchanged for another variant (size, colour) of the same product: delivered within ${RETURN_WINDOW_DAYS} days, not final sale, not exchanged before, the new variant in stock; computes the price difference. Required before exchange_item.`,
  input: z.strictObject({
    sku: z.string().describe('The SKU of the order line to exchange'),
    newSku: z.string().describe('The SKU of the variant the customer wants instead'),
    quantity: z.number().int().positive().nullable().describe('How many units, or null for the whole line'),
  }),
  reads: { order: Order },
  writes: { exchangeQuote: ExchangeQuote },
  effect: 'read',
  requires: ['lookup_order'],
  // The exchange may charge, or pay back, the difference computed here and no more.
  bounds: { kind: 'difference', amount: ({ exchangeQuote }) => exchangeQuote.differenceCents },
  async run({ sku, newSku, quantity }, ctx) {
    const { order } = ctx.context;
    const line = order.items.find((i) => i.sku === sku);
    if (!line)
      throw new PermanentToolError(`Order ${order.id} has no item ${sku}`, {
        details: { orderId: order.id, sku },
      });
    if (order.status !== 'delivered' || !order.deliveredAt) {
      throw new PermanentToolError(
        `Order ${order.id} has not been delivered yet (it is ${order.status}); exchanges open after delivery`,
        { details: { orderId: order.id, status: order.status } },
      );
    }
    if (line.finalSale)
      throw new PermanentToolError(`${line.name} was final sale and cannot be exchanged`, {
        details: { sku },
      });
    const days = daysBetween(new Date(order.deliveredAt), ctx.clock.now());
    if (days > RETURN_WINDOW_DAYS && !ctx.approval) {
      throw new EscalateToHuman(
        `Order ${order.id} was delivered ${days} days ago, outside the ${RETURN_WINDOW_DAYS}-day exchange window`,
        { details: { orderId: order.id, daysSinceDelivery: days }, reasonKind: 'policy' },
      );
    }
    const done = await ctx.ports.shop.listExchanges(ctx.customerId, order.id, { signal: ctx.signal });
    if (done.some((e) => e.sku === sku && e.status === 'active')) {
      throw new PermanentToolError(`${line.name} in ${order.id} has already been exchanged once`, {
        details: { sku },
      });
    }
    const products = await ctx.ports.shop.listProducts({ signal: ctx.signal });
    const product = products.find((p) => p.variants.some((v) => v.sku === sku));
    const variant = product?.variants.find((v) => v.sku === newSku);
    if (!product || !variant || newSku === sku) {
      throw new PermanentToolError(`${newSku} is not another variant of ${line.name}`, {
        details: { sku, newSku },
      });
    }
    const units = quantity ?? line.quantity;
    if (units > line.quantity) {
      throw new PermanentToolError(`${order.id} has only ${line.quantity} of ${line.name}`, {
        details: { sku },
      });
    }
    if (variant.stock < units) throw outOfStock(product, variant.name, line);
    return {
      exchangeQuote: {
        orderId: order.id,
        sku,
        name: line.name,
        newSku,
        newName: variant.name,
        quantity: units,
        differenceCents: (variant.priceCents - line.unitPriceCents) * units,
        currency: order.currency,
      },
    };
  },
});

export const exchangeItem = defineRetailTool({
  name: 'exchange_item',
  description:
    'Exchanges the checked item: a prepaid return label for the old one, the new variant shipped, any price difference charged or paid back to the chosen payment method. One exchange per order line.',
  input: z.strictObject({ paymentMethodId: PaymentMethodId }),
  reads: { order: Order, exchangeQuote: ExchangeQuote },
  writes: { exchange: Exchange },
  effect: 'write',
  requires: ['check_exchange'],
  compensate: 'cancel_exchange',
  money: { kind: 'difference', amount: ({ context }) => context.exchangeQuote.differenceCents },
  async run({ paymentMethodId }, ctx) {
    const { exchangeQuote: quote } = ctx.context;
    const exchange = await ctx.ports.shop.exchangeItem(
      {
        customerId: ctx.customerId,
        orderId: quote.orderId,
        sku: quote.sku,
        newSku: quote.newSku,
        quantity: quote.quantity,
        methodId: paymentMethodId,
        differenceCents: quote.differenceCents,
      },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { exchange };
  },
});

export const cancelExchange = defineRetailTool({
  name: 'cancel_exchange',
  description: 'Undoes an exchange: label voided, stock put back, money moved back (compensation only).',
  input: z.object({ exchange: Exchange }),
  writes: { cancelledExchange: Exchange },
  effect: 'write',
  plannable: false,
  async run({ exchange }, ctx) {
    return {
      cancelledExchange: await ctx.ports.shop.cancelExchange(
        { exchangeId: exchange.exchangeId },
        { key: ctx.idempotencyKey, signal: ctx.signal },
      ),
    };
  },
});
