import { z } from 'zod';
import { Executor, type ExecutorOptions } from '../../src/agent/executor.js';
import { EscalateToHuman, PermanentToolError, RetryableToolError } from '../../src/errors.js';
import { NO_RESOURCES } from '../../src/planner/validate.js';
import type { Sleep } from '../../src/runtime.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { NewEvent } from '../../src/store/store.js';
import { seededRandom, sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { defineTool, type Tool, type ToolSpec } from '../../src/tools/tool.js';

/** What one attempt of a scripted tool does. */
export type Behaviour = 'ok' | 'retryable' | 'permanent' | 'escalate' | { delayMs: number };

/** A remote system that deduplicates writes by idempotency key, as a payment API does. */
export class Ledger {
  constructor(readonly sleep: Sleep) {}
  readonly effects = new Map<string, { tool: string; value: unknown }>();
  readonly calls: { tool: string; key: string; attempt: number }[] = [];
  apply(key: string, tool: string, value: unknown): unknown {
    if (!this.effects.has(key)) this.effects.set(key, { tool, value });
    return this.effects.get(key)?.value;
  }
  live(tool: string): string[] {
    return [...this.effects.entries()].filter(([, e]) => e.tool === tool).map(([key]) => key);
  }
}

/**
 * A write tool whose attempts follow a script; its effect lands in the ledger under the step's
 * idempotency key. Writes `{ [name]: value }` to the context.
 */
export function scriptedTool(
  ledger: Ledger,
  name: string,
  script: Behaviour[] = [],
  extra: Partial<
    Pick<
      ToolSpec<z.ZodObject, Record<never, never>, Record<never, never>>,
      'critical' | 'compensate' | 'timeoutMs' | 'retry' | 'requires'
    >
  > & {
    effect?: 'read' | 'write';
    plannable?: boolean;
  } = {},
): Tool {
  return defineTool({
    name,
    description: `Scripted test tool ${name}.`,
    input: z.object({ value: z.string().optional() }),
    writes: { [name]: z.object({ key: z.string(), value: z.string() }).optional() },
    effect: extra.effect ?? 'write',
    ...extra,
    async run(input, ctx) {
      ledger.calls.push({ tool: name, key: ctx.idempotencyKey, attempt: ctx.attempt });
      const behaviour = script[ledger.calls.filter((c) => c.tool === name).length - 1] ?? 'ok';
      if (behaviour === 'retryable') throw new RetryableToolError(`${name} is unavailable`);
      if (behaviour === 'permanent') throw new PermanentToolError(`${name} refused`);
      if (behaviour === 'escalate' && !ctx.approval) throw new EscalateToHuman(`${name} needs a human`);
      if (typeof behaviour === 'object') {
        await ledger.sleep(behaviour.delayMs, ctx.signal);
      }
      const value = String(input.value ?? name);
      ledger.apply(ctx.idempotencyKey, name, value);
      return { [name]: { key: ctx.idempotencyKey, value } };
    },
  });
}

/**
 * A write tool that waits until the test calls `release()` (or its signal aborts), so a test can
 * act while a step is in flight. Its effect lands in the ledger once released. `entered` resolves
 * when its first call starts, so a test waits for that event rather than polling on a timer.
 */
export function gatedTool(
  ledger: Ledger,
  name: string,
): { tool: Tool; release: () => void; entered: Promise<void> } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let enter: () => void = () => {};
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const tool = defineTool({
    name,
    description: 'Waits for the test, or for its signal.',
    input: z.object({}),
    effect: 'write',
    async run(_input, ctx) {
      ledger.calls.push({ tool: name, key: ctx.idempotencyKey, attempt: ctx.attempt });
      enter();
      await Promise.race([
        gate,
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
      ]);
      ledger.apply(ctx.idempotencyKey, name, 'done');
      return {};
    },
  });
  return { tool, release: () => release(), entered };
}

export interface Harness {
  executor: Executor;
  store: SqliteStore;
  time: VirtualTime;
  events: NewEvent[];
  registry: ToolRegistry;
  /** A second executor over the same store, as after a restart. */
  restart(): Executor;
}

export function createHarness(
  build: (ledger: Ledger) => Tool[],
  options: Partial<ExecutorOptions> & { autoAdvance?: boolean } = {},
): Harness & { ledger: Ledger } {
  const { autoAdvance = true, ...executorOptions } = options;
  const store = new SqliteStore(openDatabase(':memory:'));
  const time = new VirtualTime('2026-03-01T09:00:00.000Z', { autoAdvance });
  const ledger = new Ledger(time.sleep);
  const tools = build(ledger);
  const ids = sequentialIds();
  const events: NewEvent[] = [];
  const registry = new ToolRegistry(tools);
  const make = () =>
    new Executor({
      registry,
      store,
      ports: {},
      ownership: NO_RESOURCES,
      runtime: { clock: time.clock, sleep: time.sleep, ids, random: seededRandom(7) },
      onEvent: (event) => events.push(event),
      ...executorOptions,
    });
  return { executor: make(), store, time, events, registry, restart: make, ledger };
}

/** A plan with one step per tool name, ids s1, s2, ... */
export function planOf(...tools: string[]) {
  return {
    intent: 'test',
    confidence: 1,
    steps: tools.map((tool, i) => ({ id: `s${i + 1}`, tool, args: {} })),
  };
}
