import type { Shop } from '../../src/domains/retail/shop.js';
import { RetryableToolError } from '../../src/errors.js';
import type { Random } from '../../src/runtime.js';
import type { NewEvent } from '../../src/store/store.js';

/**
 * The commit points a crash can fall between, in the order one write step meets them:
 * `before-call` (the shop has not been called), `after-effect` (the shop changed, the executor
 * has not checkpointed), `after-checkpoint` (a step's result is committed), `before-reply` (the
 * workflow's last state is committed, the customer's reply is not). `any` counts them all.
 */
export const KILL_KINDS = ['before-call', 'after-effect', 'after-checkpoint', 'before-reply', 'any'] as const;
export type KillKind = (typeof KILL_KINDS)[number];
export type PointKind = Exclude<KillKind, 'any'>;

/** Kill the process at the `at`-th point of `kind` it reaches (1-based). */
export interface KillAt {
  kind: KillKind;
  at: number;
}

/** Counts commit points and kills its own process with SIGKILL at the chosen one. */
export class KillSwitch {
  readonly #target: KillAt | null;
  readonly #onKill: (target: KillAt) => void;
  #seen = 0;

  constructor(target: KillAt | null, onKill: (target: KillAt) => void) {
    this.#target = target;
    this.#onKill = onKill;
  }

  point(kind: PointKind): void {
    const target = this.#target;
    if (!target || (target.kind !== 'any' && target.kind !== kind)) return;
    this.#seen++;
    if (this.#seen !== target.at) return;
    this.#onKill(target);
    process.kill(process.pid, 'SIGKILL');
  }
}

/** Events the executor emits after their commit that end a turn's workflow work: a reply is owed next. */
const SETTLING = new Set([
  'workflow.completed',
  'workflow.compensated',
  'workflow.failed',
  'escalation.opened',
]);

/** The commit point an executor event marks, if any (`*.started` is emitted before anything is committed). */
export function pointOf(event: NewEvent): PointKind | null {
  if (SETTLING.has(event.type)) return 'before-reply';
  if (event.stepId !== null && !event.type.endsWith('.started')) return 'after-checkpoint';
  return null;
}

const READS = new Set(['getOrder', 'listRefunds', 'trackShipment']);
const WRITES = new Set([
  'createReturnLabel',
  'voidReturnLabel',
  'markItemsReturning',
  'restoreInventory',
  'scheduleRefund',
  'cancelRefund',
  'sendEmail',
  'cancelOrder',
  'changeShippingAddress',
]);

export interface FaultyShopOptions {
  /** Share of tool calls that fail (retryably); half of the failed writes fail after their effect. */
  faultRate: number;
  random: Random;
  kill: KillSwitch;
}

/**
 * Wraps a shop so every call a tool makes passes the kill switch before and after its effect, and
 * fails at `faultRate`: before the call (the remote system is down) or, for writes, after it (the
 * effect happened and the answer was lost, so only the idempotency key prevents a second one).
 */
export function faultyShop(shop: Shop, options: FaultyShopOptions): Shop {
  const fault = (name: string, when: string) =>
    new RetryableToolError(`Torture fault: ${name} ${when} (injected)`, { details: { injected: true } });
  return new Proxy(shop, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      const name = String(property);
      if (typeof value !== 'function') return value;
      // The sandbox keeps its state in private fields, which only the real object can read.
      if (!READS.has(name) && !WRITES.has(name)) return value.bind(target);
      return async (...args: unknown[]) => {
        const roll = options.random();
        if (WRITES.has(name)) options.kill.point('before-call');
        if (roll < options.faultRate / 2 || (READS.has(name) && roll < options.faultRate))
          throw fault(name, 'failed before its effect');
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (WRITES.has(name)) options.kill.point('after-effect');
        if (roll < options.faultRate) throw fault(name, 'lost its answer after its effect');
        return result;
      };
    },
  });
}
