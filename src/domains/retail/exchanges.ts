import { z } from 'zod';
import { ReturnLabel } from './shop.js';

/** One line of a delivered order exchanged for another variant of the same product. */
export const Exchange = z.object({
  exchangeId: z.string(),
  orderId: z.string(),
  sku: z.string(),
  name: z.string(),
  newSku: z.string(),
  newName: z.string(),
  quantity: z.number().int().positive(),
  /** New price minus old, for the line: charged when positive, paid back when negative. */
  differenceCents: z.number().int(),
  currency: z.string(),
  methodId: z.string().nullable(),
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
