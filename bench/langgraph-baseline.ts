import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { SynchronousLevel } from '../src/store/database.js';
import { STEPS } from './keel-workload.js';
import { assertSynchronous, synchronousOf } from './sqlite-level.js';
import { elapsedUs } from './stats.js';

type Step = { n: number } | undefined;

const State = Annotation.Root({
  step1: Annotation<Step>,
  step2: Annotation<Step>,
  step3: Annotation<Step>,
  step4: Annotation<Step>,
  step5: Annotation<Step>,
  step6: Annotation<Step>,
});

/** Six no-op nodes in sequence, each writing `{ stepN: { n: N } }`, like keel's six no-op tools. */
function sixNodeGraph() {
  return new StateGraph(State)
    .addNode('noop_step_1', async () => ({ step1: { n: 1 } }))
    .addNode('noop_step_2', async () => ({ step2: { n: 2 } }))
    .addNode('noop_step_3', async () => ({ step3: { n: 3 } }))
    .addNode('noop_step_4', async () => ({ step4: { n: 4 } }))
    .addNode('noop_step_5', async () => ({ step5: { n: 5 } }))
    .addNode('noop_step_6', async () => ({ step6: { n: 6 } }))
    .addEdge(START, 'noop_step_1')
    .addEdge('noop_step_1', 'noop_step_2')
    .addEdge('noop_step_2', 'noop_step_3')
    .addEdge('noop_step_3', 'noop_step_4')
    .addEdge('noop_step_4', 'noop_step_5')
    .addEdge('noop_step_5', 'noop_step_6')
    .addEdge('noop_step_6', END);
}

/** What the saver's own connection runs with, before and after we align `synchronous`. */
export interface SaverSettings {
  journalMode: string;
  /** After the saver's setup() and its first write: it never sets the level, so WAL's default applies. */
  shippedSynchronous: string;
  benchSynchronous: string;
}

export interface LangGraphBench {
  settings: SaverSettings;
  run(): Promise<number>;
  /** Commits, rows and bytes (database and WAL files) the checkpointer wrote, per workflow. */
  footprint(): Record<string, number>;
  close(): void;
}

/**
 * LangGraph.js with its SQLite checkpointer on a file. The saver opens its own better-sqlite3
 * connection and switches it to WAL in a lazy setup() that also creates its tables; we trigger
 * that setup, record the level it left (SQLite drops an unset level to its WAL default, NORMAL,
 * at the first write in WAL mode), then set `synchronous` on `saver.db` to the level keel runs at.
 * `durability: 'sync'` makes each superstep wait for its checkpoint, as keel commits before the
 * next step; 'async' (LangGraph's default) lets the next superstep start while it is written.
 */
export async function langGraphBench(
  dir: string,
  synchronous: SynchronousLevel,
  durability: 'sync' | 'async',
): Promise<LangGraphBench> {
  const file = path.join(dir, `langgraph-${synchronous.toLowerCase()}-${durability}.db`);
  fs.rmSync(file, { force: true });
  const saver = SqliteSaver.fromConnString(file);
  await saver.getTuple({ configurable: { thread_id: 'setup' } });
  const shippedSynchronous = synchronousOf(saver.db);
  saver.db.pragma(`synchronous = ${synchronous}`);
  const settings = {
    journalMode: String(saver.db.pragma('journal_mode', { simple: true })),
    shippedSynchronous,
    benchSynchronous: synchronousOf(saver.db),
  };
  // Each put() is one autocommit INSERT and each putWrites() one transaction: count the commits.
  let commits = 0;
  let workflows = 0;
  const put = saver.put.bind(saver);
  const putWrites = saver.putWrites.bind(saver);
  saver.put = (...args) => {
    commits++;
    return put(...args);
  };
  saver.putWrites = (...args) => {
    commits++;
    return putWrites(...args);
  };
  const graph = sixNodeGraph().compile({ checkpointer: saver });
  const count = (table: string) => saver.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    settings,
    async run() {
      const start = process.hrtime.bigint();
      const state = await graph.invoke({}, { configurable: { thread_id: randomUUID() }, durability });
      workflows++;
      const us = elapsedUs(start);
      if (state.step6?.n !== STEPS) throw new Error('LangGraph workflow did not reach its last node');
      return us;
    },
    footprint() {
      const bytes =
        fs.statSync(file).size + (fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      const per = (n: number) => Math.round((10 * n) / workflows) / 10;
      return {
        commitsPerWorkflow: per(commits),
        checkpointRowsPerWorkflow: per(count('checkpoints')),
        writeRowsPerWorkflow: per(count('writes')),
        kbPerWorkflow: per(bytes / 1024),
      };
    },
    close() {
      assertSynchronous(saver.db, synchronous, 'LangGraph saver connection');
      saver.db.close();
    },
  };
}
