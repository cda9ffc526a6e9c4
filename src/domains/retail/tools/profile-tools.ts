import { z } from 'zod';
import { PermanentToolError } from '../../../errors.js';
import { Product } from '../catalog.js';
import { Profile } from '../customers.js';
import { defineRetailTool } from '../ports.js';
import { Address, ORDER_STATUSES, Order } from '../shop.js';

const ProfileChange = z.object({ previousAddress: Address, newAddress: Address });

export const lookupProfile = defineRetailTool({
  name: 'lookup_profile',
  description:
    "Looks up the signed-in customer's profile: name, email, default address and payment methods (gift card balances included). First step of any plan about the account rather than an order.",
  input: z.strictObject({}),
  writes: { profile: Profile },
  effect: 'read',
  async run(_input, ctx) {
    const profile = await ctx.ports.shop.getProfile(ctx.customerId, { signal: ctx.signal });
    if (!profile) throw new PermanentToolError('This account has no profile', { details: {} });
    return { profile };
  },
});

export const changeDefaultAddress = defineRetailTool({
  name: 'change_default_address',
  description:
    "Changes the default address on the customer's profile, used for future orders. Orders already placed keep their shipping address (change_shipping_address changes one order's).",
  input: z.strictObject({ address: Address }),
  reads: { profile: Profile },
  writes: { profileChange: ProfileChange },
  effect: 'write',
  requires: ['lookup_profile'],
  compensate: 'restore_default_address',
  async run({ address }, ctx) {
    const changed = await ctx.ports.shop.changeDefaultAddress(
      { customerId: ctx.customerId, address },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return {
      profileChange: { previousAddress: changed.previousAddress, newAddress: changed.profile.defaultAddress },
    };
  },
});

export const restoreDefaultAddress = defineRetailTool({
  name: 'restore_default_address',
  description: 'Puts back the default address a change replaced (compensation only).',
  input: z.object({ profileChange: ProfileChange }),
  writes: { restoredDefaultAddress: Address },
  effect: 'write',
  plannable: false,
  async run({ profileChange }, ctx) {
    const { profile } = await ctx.ports.shop.changeDefaultAddress(
      { customerId: ctx.customerId, address: profileChange.previousAddress },
      { key: ctx.idempotencyKey, signal: ctx.signal },
    );
    return { restoredDefaultAddress: profile.defaultAddress };
  },
});

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);

export const lookupProduct = defineRetailTool({
  name: 'lookup_product',
  description:
    'Finds products in the catalogue by name ("trail runner", "rain shell"): their variants (sizes, colours), prices and stock.',
  input: z.strictObject({ query: z.string().min(2).max(100).describe('Words of the product name') }),
  writes: { products: z.array(Product) },
  effect: 'read',
  async run({ query }, ctx) {
    const wanted = words(query);
    const products = await ctx.ports.shop.listProducts({ signal: ctx.signal });
    const scored = products
      .map((p) => ({
        p,
        score: words(p.name).filter((w) => wanted.includes(w) || wanted.includes(`${w}s`)).length,
      }))
      .filter((s) => s.score > 0);
    const best = Math.max(0, ...scored.map((s) => s.score));
    return { products: scored.filter((s) => s.score === best).map((s) => s.p) };
  },
});

export const listOrders = defineRetailTool({
  name: 'list_orders',
  description: "Lists the signed-in customer's orders, newest first, optionally only those in one status.",
  input: z.strictObject({
    status: z.enum(ORDER_STATUSES).nullable().describe('Only orders in this status, or null for all'),
  }),
  writes: { orders: z.array(Order) },
  effect: 'read',
  async run({ status }, ctx) {
    const orders = await ctx.ports.shop.listOrders(ctx.customerId, { signal: ctx.signal });
    return { orders: status ? orders.filter((o) => o.status === status) : orders };
  },
});
