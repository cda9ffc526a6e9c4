import type { Checkpoint, StepRecord, Store, WorkflowRecord } from '../src/store/store.js';
import { noopExecutor, STEPS, timeWorkflow } from './keel-workload.js';
import { elapsedUs } from './stats.js';

const gate = new Int32Array(new SharedArrayBuffer(4));

/**
 * Just enough of a Store for start() on a no-op plan, in memory. Each write can block the thread
 * for `blockUs` (Atomics.wait, no I/O) to imitate the wait of an fsync; the blocked time is
 * counted apart so that what remains is the executor's own CPU time.
 */
function memoryStore(): {
  store: Store;
  setBlock: (us: number) => void;
  blockedUs: () => number;
  clear: () => void;
} {
  let blockUs = 0;
  const workflows = new Map<string, WorkflowRecord>();
  const steps = new Map<string, StepRecord[]>();
  let blockedUs = 0;
  const block = () => {
    if (blockUs <= 0) return;
    const start = process.hrtime.bigint();
    Atomics.wait(gate, 0, 0, blockUs / 1000);
    blockedUs += elapsedUs(start);
  };
  const store = {
    async createWorkflow(workflow: WorkflowRecord) {
      block();
      workflows.set(workflow.id, structuredClone(workflow));
      steps.set(workflow.id, []);
    },
    getWorkflow: async (id: string) => {
      const workflow = workflows.get(id);
      return workflow ? { ...workflow } : null;
    },
    steps: async (id: string) => [...(steps.get(id) ?? [])],
    listEscalations: async () => [],
    async checkpointStep(args: Checkpoint) {
      block();
      steps.get(args.step.workflowId)?.push(args.step);
      const workflow = workflows.get(args.step.workflowId);
      if (workflow)
        Object.assign(workflow, { cursor: args.cursor }, args.status ? { status: args.status } : {});
      return 0;
    },
  };
  const clear = () => {
    workflows.clear();
    steps.clear();
  };
  const setBlock = (us: number) => {
    blockUs = us;
  };
  return { store: store as unknown as Store, setBlock, blockedUs: () => blockedUs, clear };
}

export interface BlockEffect {
  blockUs: number;
  /** Median over batches of the executor's own time per step. */
  executorUsPerStep: number;
  batchesUsPerStep: number[];
}

/**
 * The executor's own time per step over an in-memory store, with each write blocking the thread
 * for each of `blocksUs` in turn; settings alternate batch by batch so that drift hits all alike.
 */
export async function measureBlockEffect(
  blocksUs: readonly number[],
  batches = 8,
  workflowsPerBatch = 250,
): Promise<BlockEffect[]> {
  const memory = memoryStore();
  const executor = noopExecutor(memory.store);
  for (let i = 0; i < 300; i++) await timeWorkflow(executor);
  const samples = blocksUs.map(() => [] as number[]);
  for (let batch = 0; batch < batches; batch++) {
    for (const [b, blockUs] of blocksUs.entries()) {
      memory.setBlock(blockUs);
      const before = memory.blockedUs();
      let totalUs = 0;
      for (let i = 0; i < workflowsPerBatch; i++) {
        totalUs += await timeWorkflow(executor);
        memory.clear();
      }
      samples[b]?.push((totalUs - (memory.blockedUs() - before)) / workflowsPerBatch / STEPS);
    }
  }
  return blocksUs.map((blockUs, b) => {
    const batchesUsPerStep = samples[b] ?? [];
    const sorted = [...batchesUsPerStep].sort((x, y) => x - y);
    return {
      blockUs,
      executorUsPerStep: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      batchesUsPerStep,
    };
  });
}
