import type { VariantResult } from './commit-variants.js';
import type { PieceCost } from './executor-pieces.js';
import { STEPS } from './keel-workload.js';
import type { BlockEffect } from './memory-store.js';

/** Where one keel workflow's time goes: each store method, and the executor's own work. */
export interface Breakdown {
  synchronous: string;
  workflowUs: number;
  /** Mean bare commit, measured in rounds alternating with this breakdown's workflows. */
  bareCommitUs: number;
  parts: { part: string; calls: number; us: number }[];
}

export const EXECUTOR_PART = 'executor (everything but the store)';

const f = (n: number) => n.toFixed(1).padStart(8);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0).padStart(3)}%`;

export function formatBreakdown(b: Breakdown): string {
  const lines = b.parts.map(
    (p) =>
      `    ${p.part.padEnd(38)} ${String(p.calls).padStart(4)} calls ${f(p.us)} us/wf ` +
      `${f(p.us / STEPS)} us/step  ${pct(p.us, b.workflowUs)}`,
  );
  const bare = `bare commit alongside: ${b.bareCommitUs.toFixed(1)} us`;
  const head = `  ${b.synchronous}: ${b.workflowUs.toFixed(0)} us per workflow (${bare})`;
  return [head, ...lines].join('\n');
}

/** keel's per-step time minus one bare commit, split by where it goes. */
export function formatGap(b: Breakdown): string {
  const { bareCommitUs } = b;
  const part = (name: string) => (b.parts.find((p) => p.part === name)?.us ?? 0) / STEPS;
  const reads = part('store.getWorkflow') + part('store.steps') + part('store.listEscalations');
  const rows: [string, number][] = [
    ['checkpointStep beyond a bare commit', part('store.checkpointStep') - bareCommitUs],
    ['executor CPU (runAttempt, runStep, forward, start)', part(EXECUTOR_PART)],
    ['createWorkflow commit, shared by six steps', part('store.createWorkflow')],
    ['getWorkflow/steps/listEscalations reads', reads],
  ];
  const keel = b.workflowUs / STEPS;
  const gap = keel - bareCommitUs;
  return [
    `  ${b.synchronous}: keel ${keel.toFixed(1)} - bare commit ${bareCommitUs.toFixed(1)} ` +
      `= ${gap.toFixed(1)} us/step`,
    ...rows.map(([name, us]) => `    ${name.padEnd(52)} ${f(us)} us  ${pct(us, gap)}`),
  ].join('\n');
}

export function formatVariants(level: string, variants: readonly VariantResult[]): string {
  const base = variants[0]?.commit;
  const lines = variants.map(
    (v) =>
      `    ${v.name.padEnd(34)} mean ${f(v.commit.meanUs)} p50 ${f(v.commit.p50Us)} ` +
      `p99 ${f(v.commit.p99Us)}` +
      `  x${(v.commit.meanUs / (base?.meanUs ?? Number.NaN)).toFixed(2)} mean` +
      `  x${(v.commit.p50Us / (base?.p50Us ?? Number.NaN)).toFixed(2)} p50` +
      `  WAL pages/wf ${v.walPagesPerWorkflow.toFixed(1)}`,
  );
  return [`  ${level}:`, ...lines].join('\n');
}

export function formatPieces(pieces: readonly PieceCost[]): string {
  return pieces.map((p) => `    ${p.piece.padEnd(52)} ${f(p.us)} us per ${p.per}`).join('\n');
}

export function formatMemory(memory: readonly BlockEffect[]): string {
  return memory
    .map(
      (m) =>
        `    block ${String(m.blockUs).padStart(3)} us per write: ` +
        `executor ${f(m.executorUsPerStep)} us/step (median of ${m.batchesUsPerStep.length} batches: ` +
        `${m.batchesUsPerStep.map((u) => u.toFixed(0)).join(' ')})`,
    )
    .join('\n');
}
