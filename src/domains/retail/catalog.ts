import { z } from 'zod';

/**
 * Products and their variants. A variant is one SKU (one size, one colour) with its own price and
 * stock; a product groups the variants a customer may exchange between.
 */
export const Variant = z.object({
  sku: z.string(),
  name: z.string(),
  /** What tells it apart from its siblings, e.g. `{ size: "10" }` or `{ colour: "Blue", size: "S" }`. */
  options: z.record(z.string(), z.string()),
  priceCents: z.number().int().nonnegative(),
  finalSale: z.boolean(),
  stock: z.number().int().nonnegative(),
});
export type Variant = z.infer<typeof Variant>;

export const Product = z.object({
  productId: z.string(),
  name: z.string(),
  currency: z.string(),
  variants: z.array(Variant),
});
export type Product = z.infer<typeof Product>;

/** "size 10", "Blue, size S": a variant's options for people. */
export function describeOptions(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([key, value]) => (key === 'size' ? `size ${value}` : value))
    .join(', ');
}
