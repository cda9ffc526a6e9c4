/** The intents retail's playbooks cover; planners label plans with these. */
export const INTENTS = [
  'return',
  'cancel',
  'track',
  'change_address',
  'refund_status',
  'order_status',
  'exchange',
  'modify_order',
  'change_default_address',
  'order_details',
  'product_info',
  'list_orders',
  'profile',
  'human',
  'out_of_scope',
  'clarify',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents whose plans change something outside keel: never started unless clearly asked for. */
export const WRITE_INTENTS: readonly Intent[] = [
  'return',
  'cancel',
  'change_address',
  'exchange',
  'modify_order',
  'change_default_address',
];
