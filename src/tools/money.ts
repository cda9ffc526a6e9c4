// Money a tool moves or bounds, declared on its definition and checked by `defineTool`.

/** The two ways a tool can move money: back to the customer, or from them. */
export const MONEY_KINDS = ['refund', 'charge'] as const;
export type MoneyKind = (typeof MONEY_KINDS)[number];

/**
 * What a declaration names: one kind, or `difference`, a signed amount whose sign decides the
 * kind when the step runs (positive: charged, negative: paid back), as a price difference does.
 */
export const MONEY_FLOWS = [...MONEY_KINDS, 'difference'] as const;
export type MoneyFlow = (typeof MONEY_FLOWS)[number];

/** Amounts in minor units (cents) by kind of money movement. */
export type MoneyTotals = Record<MoneyKind, number>;

/** What a write that moves money declares: its kind, and the amount it is about to move. */
export interface MoneyMove<Input, Reads> {
  kind: MoneyFlow;
  /**
   * The amount in minor units, from the step's input and context, known before it runs: not
   * negative for a kind, signed for a `difference`.
   */
  amount(args: { input: Input; context: Reads }): number;
}

/** What a check declares when it computes how much money the plan may move of one kind. */
export interface MoneyBound<Written> {
  kind: MoneyFlow;
  /**
   * The most, in minor units, the plan may move of `kind`, from what the check wrote; for a
   * `difference`, the signed difference (the most it may charge, or pay back, and 0 the other way).
   */
  amount(written: Written): number;
}

/** The kinds a declaration can move or bound: both for a difference. */
export function kindsOf(flow: MoneyFlow): readonly MoneyKind[] {
  return flow === 'difference' ? MONEY_KINDS : [flow];
}

/**
 * A declared amount by kind, or null when it is not one: not a finite number, or negative for a
 * kind. A difference moves its size one way and nothing the other.
 */
export function splitMoney(flow: MoneyFlow, amount: number): MoneyTotals | null {
  if (!Number.isFinite(amount)) return null;
  if (flow === 'difference') return { charge: Math.max(amount, 0), refund: Math.max(-amount, 0) };
  if (amount < 0) return null;
  return { refund: 0, charge: 0, [flow]: amount };
}

/** Checks a definition's money and repeat declarations; `fail` throws the definition error. */
export function checkMoney(
  spec: {
    effect: 'read' | 'write';
    repeatable?: boolean | undefined;
    money?: MoneyMove<never, never> | undefined;
    bounds?: MoneyBound<never> | undefined;
  },
  fail: (problem: string) => never,
): void {
  if (spec.repeatable !== undefined && typeof spec.repeatable !== 'boolean')
    fail('repeatable must be a boolean');
  if (spec.repeatable && spec.effect !== 'write') fail('only write tools can be repeatable');
  for (const [field, value] of [
    ['money', spec.money],
    ['bounds', spec.bounds],
  ] as const) {
    if (value === undefined) continue;
    if (!MONEY_FLOWS.includes(value.kind)) fail(`${field}.kind must be one of ${MONEY_FLOWS.join(', ')}`);
    if (typeof value.amount !== 'function') fail(`${field}.amount must be a function`);
  }
  if (spec.money && spec.effect !== 'write') fail('only write tools move money (money needs effect "write")');
  // A difference moves money, and the plan's bound of it is computed by a check, never by itself.
  if (spec.money && spec.bounds) fail('a tool either moves money or bounds it, not both');
}
