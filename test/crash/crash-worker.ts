// Runs return workflows against a file database until killed. Prints READY once open, ACK after
// every acknowledged (committed) step, and FINISHED when the workload is done. Spawned by
// crash.test.ts, which kills it with SIGKILL at random points.
import { writeSync } from 'node:fs';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { CRASH_ORDERS, crashWorkload } from './crash-plans.js';

const [dbPath, seedDir] = process.argv.slice(2);
if (!dbPath || !seedDir) throw new Error('usage: crash-worker DB SEED_DIR');

const say = (line: string) => writeSync(1, `${line}\n`);
const app = openRetailKeel({
  dbPath,
  seedDir,
  // Small delays put kills inside steps as well as between them.
  faults: 'create_return_label:delay=2,schedule_refund:delay=3',
  onEvent: (event) => {
    if (event.type === 'step.completed') say(`ACK ${event.workflowId} ${event.stepId}`);
  },
});
say('READY');
await app.executor.recover();
for (let n = app.store.listWorkflows().length; n < CRASH_ORDERS; n++) {
  const { plan, customerId } = crashWorkload(n);
  await app.executor.start({ plan, customerId });
}
say('FINISHED');
app.close();
