// Runs customer conversations, one return request each, against a file database until it has
// started `workflows` workflows or its kill switch fires. It appends what it promised to a log
// file, with a synchronous write before going on: `ACK <workflow> <step>` after each committed
// step, `KILL <kind> <n>` just before it kills itself, `LATE <workflow>` for a reply recovery
// posted late, and `DONE` at the end, after a `ROUND` line at its start. Spawned by crash-run.ts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { DEFAULT_STEP_TIMEOUT_MS, DEFAULT_SYNCHRONOUS } from '../../src/defaults.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import { type Sleep, systemClock, systemSleep, uuidIds } from '../../src/runtime.js';
import { openDatabase } from '../../src/store/database.js';
import { seededRandom } from '../../src/testing/index.js';
import { customerId, returnRequest } from './crash-plans.js';
import { faultyShop, type KillAt, KillSwitch, pointOf } from './kill-points.js';

/** What one worker process does; passed as JSON in argv[2]. */
export interface WorkerJob {
  db: string;
  seedDir: string;
  log: string;
  /** Stop once the database holds this many workflows. */
  workflows: number;
  kill: KillAt | null;
  faultRate: number;
  seed: number;
  /**
   * Recover through `KeelApp.recover` (also posts replies a keel from before settling replies left
   * owed) or, false, through the executor alone: its settling writes carry the replies.
   */
  repair: boolean;
}

const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
const log = openSync(job.log, 'a');
const note = (line: string) => writeSync(log, `${line}\n`);
note('ROUND');
const random = seededRandom(job.seed);
const kill = new KillSwitch(job.kill, (k) => note(`KILL ${k.kind} ${k.at}`));

// Retry waits pass at once, so faults cost no wall time; step timeouts stay real.
const sleep: Sleep = (ms, signal) =>
  ms >= DEFAULT_STEP_TIMEOUT_MS ? systemSleep(ms, signal) : systemSleep(0, signal);

// The shop keeps its own connection, as a remote shop system would: its writes and keel's
// checkpoints are separate transactions, which is what makes the after-effect point real.
const shopDb = openDatabase(job.db, { synchronous: DEFAULT_SYNCHRONOUS });
const sandbox = new SandboxShop({
  db: shopDb,
  clock: systemClock,
  sleep,
  ids: uuidIds,
  seedDir: job.seedDir,
});
const app = openRetailKeel({
  dbPath: job.db,
  planner: 'offline',
  confirmWrites: false,
  runtime: { sleep, random },
  onEvent: (event) => {
    if (event.type === 'step.completed') note(`ACK ${event.workflowId} ${event.stepId}`);
    const point = pointOf(event);
    if (point) kill.point(point);
  },
  shop: faultyShop(sandbox, { faultRate: job.faultRate, random, kill }),
});

if (job.repair) {
  const { repliedLate } = await app.recover();
  for (const id of repliedLate) note(`LATE ${id}`);
} else {
  await app.parts.executor.recover();
}
const count = (table: string) =>
  (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
while (count('workflows') < job.workflows) {
  const n = count('conversations');
  const conversation = await app.startConversation(customerId(n));
  await app.post(conversation.id, customerId(n), returnRequest(n));
}
note('DONE');
closeSync(log);
app.close();
shopDb.close();
