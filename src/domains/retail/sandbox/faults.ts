import { z } from 'zod';
import { ConfigError, RetryableToolError } from '../../../errors.js';
import type { Sleep } from '../../../runtime.js';

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
  'lookup_product',
  'lookup_profile',
  'change_default_address',
  'check_exchange',
  'exchange_item',
  'cancel_exchange',
  'change_order_items',
  'change_order_payment',
  'revert_order_change',
] as const;
export type Faultable = (typeof FAULTABLE)[number];

/** How one tool misbehaves. */
export const Fault = z.strictObject({
  /** Fail the first N calls, or every call. */
  fail: z.union([z.int().nonnegative(), z.literal('always')]).optional(),
  /** Wait this long before answering; the call's signal cuts the wait short. */
  delayMs: z.int().nonnegative().optional(),
});
export type Fault = z.infer<typeof Fault>;

/** Which tools misbehave and how; `parseFaults` builds one from the `KEEL_SANDBOX_FAULTS` form. */
export const FaultPlan = z.partialRecord(z.enum(FAULTABLE), Fault);
export type FaultPlan = z.infer<typeof FaultPlan>;

const SETTINGS = 'fail=N, fail=always or delay=MS';

/**
 * Parses `create_return_label:fail=2,send_confirmation_email:fail=always,schedule_refund:delay=3000`.
 * Several settings for one tool: `schedule_refund:fail=1:delay=200`. Throws `ConfigError` on any
 * unknown tool, unknown setting or bad value, so a typo never runs as "no fault".
 */
export function parseFaults(text: string): FaultPlan {
  const plan: FaultPlan = {};
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [name = '', ...settings] = entry.split(':').map((part) => part.trim());
    if (!isFaultable(name)) {
      throw new ConfigError(`Unknown fault target "${name}" in "${entry}"; valid: ${FAULTABLE.join(', ')}`);
    }
    if (settings.length === 0) throw new ConfigError(`Fault "${entry}" needs a setting: ${SETTINGS}`);
    plan[name] = settings.reduce((fault, setting) => applySetting(fault, setting, entry), plan[name] ?? {});
  }
  return plan;
}

function isFaultable(name: string): name is Faultable {
  return (FAULTABLE as readonly string[]).includes(name);
}

function applySetting(fault: Fault, setting: string, entry: string): Fault {
  const [key, value, ...extra] = setting.split('=');
  const count = value !== undefined && extra.length === 0 && /^\d+$/.test(value) ? Number(value) : null;
  if (key === 'fail' && value === 'always' && extra.length === 0) return { ...fault, fail: 'always' };
  if (key === 'fail' && count !== null) return { ...fault, fail: count };
  if (key === 'delay' && count !== null) return { ...fault, delayMs: count };
  throw new ConfigError(`Bad fault setting "${setting}" in "${entry}"; valid settings: ${SETTINGS}`);
}

/** A plan built in code is checked as strictly as a parsed one. */
function checkPlan(plan: FaultPlan): FaultPlan {
  const parsed = FaultPlan.safeParse(plan);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(plan)'}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid fault plan (${problems.join('; ')}); valid tools: ${FAULTABLE.join(', ')}`);
}

/** Applies a fault plan to calls, counting calls per tool for `fail=N`. */
export class FaultInjector {
  readonly #plan: FaultPlan;
  readonly #sleep: Sleep;
  readonly #calls = new Map<Faultable, number>();

  constructor(plan: FaultPlan | string, sleep: Sleep) {
    this.#plan = typeof plan === 'string' ? parseFaults(plan) : checkPlan(plan);
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
