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

/**
 * The write tools a plan for each intent may run (its playbook's writes). A model's plan that runs
 * a write the offline reading's intent does not list is not run as planned.
 */
export const INTENT_WRITES: Record<Intent, readonly string[]> = {
  return: ['create_return_label', 'mark_items_returning', 'schedule_refund', 'send_confirmation_email'],
  cancel: ['cancel_order', 'send_confirmation_email'],
  change_address: ['change_shipping_address', 'send_confirmation_email'],
  exchange: ['exchange_item', 'send_confirmation_email'],
  modify_order: ['change_order_items', 'change_order_payment', 'send_confirmation_email'],
  change_default_address: ['change_default_address'],
  track: [],
  refund_status: [],
  order_status: [],
  order_details: [],
  product_info: [],
  list_orders: [],
  profile: [],
  human: [],
  out_of_scope: [],
  clarify: [],
};
