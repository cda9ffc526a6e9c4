import type { Plan } from '../../planner/plan.js';
import type { LineChange } from './exchanges.js';
import type { Address, OrderStatus } from './shop.js';

/** The desk's playbooks: exchanges, changes to unshipped orders, the profile, and read-only answers. */

const step = (id: string, tool: string, args: Record<string, unknown> = {}) => ({ id, tool, args });

export interface ExchangeChoice {
  sku: string;
  newSku: string;
  quantity: number | null;
  /** Settle a price difference with this method; null: the one the order was paid with. */
  paymentMethodId: string | null;
}

export function exchangePlan(orderId: string, choice: ExchangeChoice, confidence: number): Plan {
  const { sku, newSku, quantity, paymentMethodId } = choice;
  return {
    intent: 'exchange',
    confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('check', 'check_exchange', { sku, newSku, quantity }),
      step('exchange', 'exchange_item', { paymentMethodId }),
      step('email', 'send_confirmation_email', { template: 'exchange_confirmation' }),
    ],
  };
}

export function changeItemsPlan(
  orderId: string,
  changes: LineChange[],
  paymentMethodId: string | null,
  confidence: number,
): Plan {
  return {
    intent: 'modify_order',
    confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('check', 'check_order_change', { changes }),
      step('change', 'change_order_items', { paymentMethodId }),
      step('email', 'send_confirmation_email', { template: 'order_change_confirmation' }),
    ],
  };
}

export function changePaymentPlan(orderId: string, paymentMethodId: string, confidence: number): Plan {
  return {
    intent: 'modify_order',
    confidence,
    steps: [
      step('lookup', 'lookup_order', { orderId }),
      step('payment', 'change_order_payment', { paymentMethodId }),
      step('email', 'send_confirmation_email', { template: 'order_change_confirmation' }),
    ],
  };
}

export function defaultAddressPlan(address: Address, confidence: number): Plan {
  return {
    intent: 'change_default_address',
    confidence,
    steps: [step('profile', 'lookup_profile'), step('address', 'change_default_address', { address })],
  };
}

export const orderDetailsPlan = (orderId: string, confidence: number): Plan => ({
  intent: 'order_details',
  confidence,
  steps: [step('lookup', 'lookup_order', { orderId })],
});

export const profilePlan = (confidence: number): Plan => ({
  intent: 'profile',
  confidence,
  steps: [step('profile', 'lookup_profile')],
});

export const productPlan = (query: string, confidence: number): Plan => ({
  intent: 'product_info',
  confidence,
  steps: [step('product', 'lookup_product', { query })],
});

export const listOrdersPlan = (status: OrderStatus | null, confidence: number): Plan => ({
  intent: 'list_orders',
  confidence,
  steps: [step('orders', 'list_orders', { status })],
});
