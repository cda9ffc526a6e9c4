import { z } from 'zod';

export const PAYMENT_KINDS = ['card', 'paypal', 'gift_card'] as const;

/** A way the customer can pay or be paid back; a gift card carries a balance. */
export const PaymentMethod = z.object({
  methodId: z.string(),
  kind: z.enum(PAYMENT_KINDS),
  /** For people: "Visa ending 4242", "PayPal (jordan@…)", "Gift card GC-1026". */
  label: z.string(),
  /** A gift card's balance in cents; null for cards and PayPal. */
  balanceCents: z.number().int().nonnegative().nullable(),
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** What an order was paid with, net of what was paid back: one entry per method. */
export const Payment = z.object({
  methodId: z.string(),
  label: z.string(),
  amountCents: z.number().int(),
});
export type Payment = z.infer<typeof Payment>;

/** Money moved for a change to an order: charged (positive) or paid back (negative), and how. */
export const Settlement = z.object({
  differenceCents: z.number().int(),
  currency: z.string(),
  /** The method charged or paid back; null when nothing moved. */
  methodId: z.string().nullable(),
  methodLabel: z.string().nullable(),
});
export type Settlement = z.infer<typeof Settlement>;

/** The labels of the gift cards among what paid for an order (`methods`: the customer's). */
export function giftCardPayments(
  order: { payments?: Payment[] | undefined },
  methods: PaymentMethod[],
): string[] {
  return (order.payments ?? [])
    .filter(
      (p) => p.amountCents > 0 && methods.some((m) => m.methodId === p.methodId && m.kind === 'gift_card'),
    )
    .map((p) => p.label);
}
