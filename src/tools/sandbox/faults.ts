import { ConfigError, RetryableToolError } from '../../errors.js';
import type { Sleep } from '../../runtime.js';

/** The tools whose shop calls can be made to misbehave, named as in plans. */
export const FAULTABLE = [
  'lookup_order',
  'create_return_label',
  'void_return_label',
  'mark_items_returning',
  'restore_inventory',
  'schedule_refund',
  'cancel_refund',
  'get_refund_status',
  'send_confirmation_email',
  'cancel_order',
  'change_shipping_address',
  'track_shipment',
] as const;
export type Faultable = (typeof FAULTABLE)[number];

export interface Fault {
  /** Fail the first N calls, or every call. */
  fail?: number | 'always';
  /** Wait this long before answering; the call's signal cuts the wait short. */
  delayMs?: number;
}
export type FaultPlan = Partial<Record<Faultable, Fault>>;

/**
 * Parses `create_return_label:fail=2,send_confirmation_email:fail=always,schedule_refund:delay=3000`.
 * Several settings for one tool: `schedule_refund:fail=1:delay=200`.
 */
export function parseFaults(text: string): FaultPlan {
  const plan: FaultPlan = {};
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, ...settings] = entry.split(':');
    if (!name || !(FAULTABLE as readonly string[]).includes(name)) {
      throw new ConfigError(`Unknown fault target "${name}" in "${entry}"; valid: ${FAULTABLE.join(', ')}`);
    }
    if (settings.length === 0) throw new ConfigError(`Fault "${entry}" needs fail=N|always or delay=MS`);
    const fault: Fault = { ...plan[name as Faultable] };
    for (const setting of settings) {
      const [key, value = ''] = setting.split('=');
      if (key === 'fail' && value === 'always') fault.fail = 'always';
      else if (key === 'fail' && /^\d+$/.test(value)) fault.fail = Number(value);
      else if (key === 'delay' && /^\d+$/.test(value)) fault.delayMs = Number(value);
      else
        throw new ConfigError(
          `Bad fault setting "${setting}" in "${entry}"; use fail=N, fail=always or delay=MS`,
        );
    }
    plan[name as Faultable] = fault;
  }
  return plan;
}

/** Applies a fault plan to calls, counting calls per tool for `fail=N`. */
export class FaultInjector {
  readonly #plan: FaultPlan;
  readonly #sleep: Sleep;
  readonly #calls = new Map<Faultable, number>();

  constructor(plan: FaultPlan | string, sleep: Sleep) {
    this.#plan = typeof plan === 'string' ? parseFaults(plan) : plan;
    this.#sleep = sleep;
  }

  /** Called at the start of a shop call: waits and/or throws as configured. */
  async before(name: Faultable, signal?: AbortSignal): Promise<void> {
    const fault = this.#plan[name];
    if (!fault) return;
    const call = (this.#calls.get(name) ?? 0) + 1;
    this.#calls.set(name, call);
    if (fault.delayMs) await this.#sleep(fault.delayMs, signal);
    if (fault.fail === 'always' || (typeof fault.fail === 'number' && call <= fault.fail)) {
      throw new RetryableToolError(`Sandbox fault: ${name} is unavailable (injected)`, {
        details: { injected: true, call },
      });
    }
  }
}
