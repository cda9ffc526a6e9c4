// Money a tool moves or bounds, declared on its definition and checked by `defineTool`.

/** The two ways a tool can move money: back to the customer, or from them. */
export const MONEY_KINDS = ['refund', 'charge'] as const;
export type MoneyKind = (typeof MONEY_KINDS)[number];

/** Amounts in minor units (cents) by kind of money movement. */
export type MoneyTotals = Record<MoneyKind, number>;

/** What a write that moves money declares: its kind, and the amount it is about to move. */
export interface MoneyMove<Input, Reads> {
  kind: MoneyKind;
  /** The amount in minor units, from the step's input and context, known before it runs. */
  amount(args: { input: Input; context: Reads }): number;
}

/** What a check declares when it computes how much money the plan may move of one kind. */
export interface MoneyBound<Written> {
  kind: MoneyKind;
  /** The most, in minor units, the plan may move of `kind`, from what the check wrote. */
  amount(written: Written): number;
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
    if (!MONEY_KINDS.includes(value.kind)) fail(`${field}.kind must be one of ${MONEY_KINDS.join(', ')}`);
    if (typeof value.amount !== 'function') fail(`${field}.amount must be a function`);
  }
  if (spec.money && spec.effect !== 'write') fail('only write tools move money (money needs effect "write")');
}
