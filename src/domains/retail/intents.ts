/** The intents retail's playbooks cover; planners label plans with these. */
export const INTENTS = [
  'return',
  'cancel',
  'track',
  'change_address',
  'refund_status',
  'order_status',
  'human',
  'out_of_scope',
  'clarify',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents whose plans change something outside keel: never started unless clearly asked for. */
export const WRITE_INTENTS: readonly Intent[] = ['return', 'cancel', 'change_address'];
