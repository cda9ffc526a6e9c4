import type { CaseFacts } from '../../../server/support/support-desk.js';

/** Retail's case facts: the order the plan looked up, and the refund (or order total) at stake. */
export function retailCaseFacts(plan: unknown, outputs: readonly unknown[], details: unknown): CaseFacts {
  const steps = (plan as { steps?: { args?: Record<string, unknown> }[] } | null)?.steps ?? [];
  const fromPlan = steps.map((s) => s.args?.orderId).find((v): v is string => typeof v === 'string');
  const detail = (details ?? {}) as Record<string, unknown>;
  const orderId = fromPlan ?? (typeof detail.orderId === 'string' ? detail.orderId : null);
  let currency = 'USD';
  let total: number | null = null;
  let refund: number | null = typeof detail.amountCents === 'number' ? detail.amountCents : null;
  for (const output of outputs) {
    const o = (output ?? {}) as {
      order?: { totalCents?: unknown; currency?: unknown };
      eligibility?: unknown;
    };
    if (typeof o.order?.totalCents === 'number') total = o.order.totalCents;
    if (typeof o.order?.currency === 'string') currency = o.order.currency;
    const cents = (o.eligibility as { refundCents?: unknown } | undefined)?.refundCents;
    if (typeof cents === 'number') refund = cents;
  }
  const cents = refund ?? total;
  return { orderId, amount: cents === null ? null : { cents, currency } };
}
