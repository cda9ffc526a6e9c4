// Retail's behaviour-changing defaults, in one place (the engine's are in src/defaults.ts).

/** Returns are accepted this many days after delivery; later ones go to a human. */
export const RETURN_WINDOW_DAYS = 60;
/** Refunds above this amount (in cents) need a human's approval before they are scheduled. */
export const REFUND_APPROVAL_LIMIT_CENTS = 50_000;
/** Days until a scheduled refund reaches the customer, quoted in replies. */
export const REFUND_SETTLEMENT_DAYS = 5;
