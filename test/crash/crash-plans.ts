/** The workload of the crash test: returns, address changes and a gated refund, over the seed. */

const RETURNABLE = ['ORD-1001', 'ORD-1006'];

function returnPlan(orderId: string) {
  return {
    intent: 'return',
    confidence: 0.95,
    steps: [
      { id: 'lookup', tool: 'lookup_order', args: { orderId } },
      { id: 'eligibility', tool: 'check_return_eligibility', args: { skus: null, reason: 'crash test' } },
      { id: 'label', tool: 'create_return_label', args: {} },
      { id: 'inventory', tool: 'mark_items_returning', args: {} },
      { id: 'refund', tool: 'schedule_refund', args: {} },
      { id: 'email', tool: 'send_confirmation_email', args: { template: 'return_confirmation' } },
    ],
  };
}

function addressPlan(orderId: string, n: number) {
  return {
    intent: 'change_address',
    confidence: 0.9,
    steps: [
      { id: 'lookup', tool: 'lookup_order', args: { orderId } },
      {
        id: 'address',
        tool: 'change_shipping_address',
        args: {
          address: {
            name: 'Crash Test',
            line1: `${n} Kill Street`,
            line2: null,
            city: 'Portland',
            postalCode: '97201',
            country: 'US',
          },
        },
      },
      { id: 'email', tool: 'send_confirmation_email', args: { template: 'address_change_confirmation' } },
    ],
  };
}

/** The n-th workflow the worker starts, and the customer it acts for. */
export function crashWorkload(n: number): { plan: unknown; customerId: string } {
  if (n < RETURNABLE.length) {
    const orderId = RETURNABLE[n] as string;
    return { plan: returnPlan(orderId), customerId: orderId === 'ORD-1001' ? 'C-1001' : 'C-1003' };
  }
  return { plan: addressPlan('ORD-1004', n), customerId: 'C-1002' };
}
