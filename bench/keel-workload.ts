import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Executor } from '../src/agent/executor.js';
import { NO_RESOURCES } from '../src/planner/validate.js';
import type { SynchronousLevel } from '../src/store/database.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { ToolRegistry } from '../src/tools/registry.js';
import { defineTool, type Tool } from '../src/tools/tool.js';
import { elapsedUs } from './stats.js';

export const STEPS = 6;

/** A read tool that does nothing and writes `{ stepN: { n: N } }`, a small output like a real step's. */
function noopTool(n: number): Tool {
  return defineTool({
    name: `noop_step_${n}`,
    description: `Does nothing; step ${n} of the benchmark workflow.`,
    input: z.object({}),
    writes: { [`step${n}`]: z.object({ n: z.number() }) },
    effect: 'read',
    run: async () => ({ [`step${n}`]: { n } }),
  });
}

export const noopRegistry = (): ToolRegistry =>
  new ToolRegistry(Array.from({ length: STEPS }, (_, i) => noopTool(i + 1)));

export const noopPlan = {
  intent: 'track',
  confidence: 1,
  steps: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i + 1}`, tool: `noop_step_${i + 1}`, args: {} })),
};

/** A keel executor over a store, with the system runtime and a silent logger. */
export function noopExecutor(store: Store): Executor {
  return new Executor({ registry: noopRegistry(), store, ports: {}, ownership: NO_RESOURCES });
}

/** Runs one six-step workflow and returns its wall time in microseconds. */
export async function timeWorkflow(executor: Executor): Promise<number> {
  const start = process.hrtime.bigint();
  const result = await executor.start({ plan: noopPlan, customerId: 'cus_bench' });
  const us = elapsedUs(start);
  if (result.workflow.status !== 'completed') {
    throw new Error(`Benchmark workflow ended ${result.workflow.status}, expected completed`);
  }
  return us;
}

export interface KeelBench {
  store: SqliteStore;
  run(): Promise<number>;
  close(): void;
}

/** keel's Executor over a SqliteStore file at the given synchronous level. */
export function keelBench(dir: string, synchronous: SynchronousLevel): KeelBench {
  const file = path.join(dir, `keel-${synchronous.toLowerCase()}.db`);
  fs.rmSync(file, { force: true });
  const store = SqliteStore.open(file, { synchronous });
  const executor = noopExecutor(store);
  return { store, run: () => timeWorkflow(executor), close: () => store.close() };
}
