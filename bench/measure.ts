import type { SynchronousLevel } from '../src/store/database.js';
import { bareBench } from './bare-sqlite-baseline.js';
import { keelBench, STEPS } from './keel-workload.js';
import { langGraphBench, type SaverSettings } from './langgraph-baseline.js';
import type { ResultRow } from './report.js';
import { assertSynchronous } from './sqlite-level.js';
import { scale, summarize } from './stats.js';

export const WARMUP = 30;
export const WORKFLOWS = 300;
/** keel and bare alternate in rounds, so drift in the disk's fsync cost hits both alike. */
export const ROUNDS = 10;
export const LEVELS: SynchronousLevel[] = ['FULL', 'NORMAL'];

export async function measureKeelAndBare(dir: string, level: SynchronousLevel): Promise<ResultRow[]> {
  const keel = keelBench(dir, level);
  const bare = bareBench(dir, level);
  for (let i = 0; i < WARMUP; i++) {
    await keel.run();
    bare.run();
  }
  const keelUs: number[] = [];
  const bareCommitUs: number[] = [];
  const bareWorkflowUs: number[] = [];
  const perRound = WORKFLOWS / ROUNDS;
  const runBare = () => {
    for (let i = 0; i < perRound; i++) {
      const run = bare.run();
      bareCommitUs.push(...run.commitsUs);
      bareWorkflowUs.push(run.workflowUs);
    }
  };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 1) runBare();
    for (let i = 0; i < perRound; i++) keelUs.push(await keel.run());
    if (round % 2 === 0) runBare();
  }
  assertSynchronous(keel.store.db, level, 'keel store connection');
  assertSynchronous(bare.db, level, 'bare connection');
  keel.close();
  bare.close();
  const keelWorkflow = summarize(keelUs);
  const bareWorkflow = summarize(bareWorkflowUs);
  return [
    {
      system: 'keel executor',
      synchronous: level,
      perStep: scale(keelWorkflow, STEPS),
      perWorkflow: keelWorkflow,
    },
    {
      system: 'bare commit',
      synchronous: level,
      perStep: summarize(bareCommitUs),
      perWorkflow: bareWorkflow,
    },
    {
      system: 'bare workflow / 6',
      synchronous: level,
      perStep: scale(bareWorkflow, STEPS),
      perWorkflow: bareWorkflow,
      note: 'workflow row insert + six step commits, divided by six',
    },
  ];
}

export async function measureLangGraph(
  dir: string,
  level: SynchronousLevel,
  durability: 'sync' | 'async',
): Promise<{ row: ResultRow; settings: SaverSettings; footprint: object }> {
  const lg = await langGraphBench(dir, level, durability);
  for (let i = 0; i < WARMUP; i++) await lg.run();
  const samples: number[] = [];
  for (let i = 0; i < WORKFLOWS; i++) samples.push(await lg.run());
  const footprint = lg.footprint();
  lg.close();
  const perWorkflow = summarize(samples);
  const row = {
    system: `langgraph (${durability})`,
    synchronous: level,
    perStep: scale(perWorkflow, STEPS),
    perWorkflow,
  };
  return { row, settings: lg.settings, footprint };
}
