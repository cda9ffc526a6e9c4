import fs from 'node:fs';
import path from 'node:path';
import type { SynchronousLevel } from '../src/store/database.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { bareBench } from './bare-sqlite-baseline.js';
import { measureCommitVariants } from './commit-variants.js';
import { measurePieces } from './executor-pieces.js';
import { noopExecutor, timeWorkflow } from './keel-workload.js';
import { measureBlockEffect } from './memory-store.js';
import {
  type Breakdown,
  EXECUTOR_PART,
  formatBreakdown,
  formatGap,
  formatMemory,
  formatPieces,
  formatVariants,
} from './profile-report.js';
import { summarize } from './stats.js';
import { timedStore } from './store-timing.js';

const WORKFLOWS = 200;
const ROUNDS = 10;
const VARIANT_WORKFLOWS = 600;
/** Microseconds each in-memory write blocks the thread: about one WAL commit at FULL here. */
const BLOCKS_US = [0, 150];

/**
 * Runs keel's executor over a store whose every method is timed, alternating in rounds with the
 * bare baseline so that the gap between the two is measured under the same disk conditions.
 */
async function breakdown(dir: string, synchronous: SynchronousLevel): Promise<Breakdown> {
  const file = path.join(dir, `profile-${synchronous.toLowerCase()}.db`);
  fs.rmSync(file, { force: true });
  const real = SqliteStore.open(file, { synchronous });
  const { store, times } = timedStore(real);
  const executor = noopExecutor(store);
  const bare = bareBench(dir, synchronous);
  for (let i = 0; i < 30; i++) {
    await timeWorkflow(executor);
    bare.run();
  }
  times.clear();
  let totalUs = 0;
  const bareCommitsUs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < WORKFLOWS / ROUNDS; i++) totalUs += await timeWorkflow(executor);
    for (let i = 0; i < WORKFLOWS / ROUNDS; i++) bareCommitsUs.push(...bare.run().commitsUs);
  }
  await real.close();
  bare.close();
  const parts = [...times].map(([part, t]) => ({
    part: `store.${part}`,
    calls: t.calls / WORKFLOWS,
    us: t.us / WORKFLOWS,
  }));
  const storeUs = parts.reduce((sum, p) => sum + p.us, 0);
  parts.sort((a, b) => b.us - a.us);
  parts.push({ part: EXECUTOR_PART, calls: 1, us: totalUs / WORKFLOWS - storeUs });
  const bareCommitUs = summarize(bareCommitsUs).meanUs;
  return { synchronous, workflowUs: totalUs / WORKFLOWS, bareCommitUs, parts };
}

/**
 * Where keel's time goes beyond a bare commit: (1) store methods vs the executor, (2) keel's
 * checkpoint rebuilt from a bare commit piece by piece, (3) the executor's pieces timed alone,
 * (4) the executor over an in-memory store.
 */
export async function profileKeel(
  dir: string,
  levels: readonly SynchronousLevel[],
): Promise<{ text: string; data: object }> {
  const breakdowns: Breakdown[] = [];
  for (const level of levels) breakdowns.push(await breakdown(dir, level));
  const variants: Record<string, Awaited<ReturnType<typeof measureCommitVariants>>> = {};
  for (const level of levels)
    variants[level] = await measureCommitVariants(dir, level, VARIANT_WORKFLOWS, 10);
  const pieces = await measurePieces();
  const memory = await measureBlockEffect(BLOCKS_US);
  const text = [
    '\nProfile 1: where a keel workflow goes (store methods timed through a proxy; the rest is the executor)',
    ...breakdowns.map(formatBreakdown),
    "\nProfile 2: one step commit, bare better-sqlite3 adding keel's work piece by piece (us per commit)",
    ...levels.map((level) => formatVariants(level, variants[level] ?? [])),
    "\nProfile 3: the executor's own work, each piece timed alone",
    formatPieces(pieces),
    '\nProfile 4: the executor over an in-memory store; each write blocks the thread (no I/O), like an fsync',
    formatMemory(memory),
    '\nThe gap to a bare commit, per step (profile 1 against bare commits run in alternation with it)',
    ...breakdowns.map(formatGap),
  ].join('\n');
  return { text, data: { breakdowns, variants, pieces, memory } };
}
