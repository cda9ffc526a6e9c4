import { z } from 'zod';
import { ReturnLabel } from './shop.js';

/** What an exchange will do, computed from the order and the catalogue only. */
export const ExchangeQuote = z.object({
  orderId: z.string(),
  sku: z.string(),
  name: z.string(),
  newSku: z.string(),
  newName: z.string(),
  quantity: z.number().int().positive(),
  /** New price minus old for the units exchanged: charged when positive, paid back when negative. */
  differenceCents: z.number().int(),
  currency: z.string(),
});
export type ExchangeQuote = z.infer<typeof ExchangeQuote>;

/** One line of a delivered order exchanged for another variant of the same product. */
export const Exchange = ExchangeQuote.extend({
  exchangeId: z.string(),
  methodId: z.string().nullable(),
  /** How the customer knows that method ("Visa ending 4242"), for the reply. @default unknown */
  methodLabel: z.string().nullable().optional(),
  /** The label the old item goes back with. */
  label: ReturnLabel,
  /** The parcel the new item goes out in. */
  shipment: z.object({ carrier: z.string(), trackingNumber: z.string() }),
  status: z.enum(['active', 'cancelled']),
  createdAt: z.string(),
});
export type Exchange = z.infer<typeof Exchange>;

/** One change to a line of an unshipped order: another variant, or fewer units (none: removed). */
export const LineChange = z.strictObject({
  sku: z.string().describe('The SKU of the order line to change'),
  newSku: z
    .string()
    .nullable()
    .describe('Another variant of the same product to swap to, or null to remove units'),
  quantity: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe('How many units to swap or remove; null for the whole line'),
});
export type LineChange = z.infer<typeof LineChange>;
