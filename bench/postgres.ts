import pg from 'pg';
import { PgStore } from '../src/store/pg-store.js';
import { noopExecutor, STEPS, timeWorkflow } from './keel-workload.js';
import { type Summary, scale, summarize } from './stats.js';

/** What `npm run bench` measures on PostgreSQL, when KEEL_BENCH_DATABASE_URL is set. */
export interface PostgresBench {
  perStep: Summary;
  /** Completed workflows per second with this many executors (instances) on the database. */
  throughput: { instances: number; workflows: number; perSecond: number }[];
  text: string;
}

const WARMUP = 30;
const WORKFLOWS = 300;
const THROUGHPUT_WORKFLOWS = 400;

/**
 * keel's executor on PgStore, in a schema of its own dropped afterwards: the latency of one
 * workflow's steps run one after another (anchor: DBOS reports 1-2 ms per step on PostgreSQL), and
 * throughput with 1, 2 and 4 executors, each with its own pool as a separate instance would have,
 * sharing this one Node process (so one CPU core runs every instance's JavaScript).
 */
export async function benchPostgres(url: string): Promise<PostgresBench> {
  const schema = `keel_bench_${process.pid}`;
  const open = () => PgStore.open(url, { schema, max: 4 });
  try {
    const store = await open();
    const executor = noopExecutor(store);
    for (let i = 0; i < WARMUP; i++) await timeWorkflow(executor);
    const samples: number[] = [];
    for (let i = 0; i < WORKFLOWS; i++) samples.push(await timeWorkflow(executor));
    await store.close();
    const perStep = scale(summarize(samples), STEPS);
    const throughput = [];
    for (const instances of [1, 2, 4]) throughput.push(await measureThroughput(open, instances));
    const lines = [
      `\nPostgreSQL (${WORKFLOWS} workflows of ${STEPS} no-op steps, one after another):`,
      `  per step: p50 ${(perStep.p50Us / 1000).toFixed(2)} ms, p99 ${(perStep.p99Us / 1000).toFixed(2)} ms, ` +
        `mean ${(perStep.meanUs / 1000).toFixed(2)} ms (DBOS publishes 1-2 ms per step)`,
      ...throughput.map(
        (t) =>
          `  ${t.instances} instance(s): ${t.perSecond.toFixed(0)} workflows/s (${t.workflows} workflows)`,
      ),
    ];
    return { perStep, throughput, text: lines.join('\n') };
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

async function measureThroughput(open: () => Promise<PgStore>, instances: number) {
  const stores = await Promise.all(Array.from({ length: instances }, open));
  const executors = stores.map(noopExecutor);
  let left = THROUGHPUT_WORKFLOWS;
  const worker = async (executor: (typeof executors)[number]) => {
    while (left-- > 0) await timeWorkflow(executor);
  };
  const start = performance.now();
  await Promise.all(executors.map(worker));
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(stores.map((s) => s.close()));
  return { instances, workflows: THROUGHPUT_WORKFLOWS, perSecond: THROUGHPUT_WORKFLOWS / seconds };
}
