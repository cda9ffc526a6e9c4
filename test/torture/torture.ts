// `npm run torture [WORKFLOWS]`: the long crash campaign (not part of `npm test`). Worker processes
// run customer conversations, one return each, with tool faults at 30%, and each is SIGKILLed at a
// commit point chosen by count: before a tool call, after its effect, after a checkpoint, between
// the last checkpoint and the reply, and at random points, in turn. Then the database is audited;
// the first line printed is the verdict, and the exit code is 1 if any promise was broken.
// Size: argv[2], else TORTURE_WORKFLOWS, else 1000. TORTURE_SEED picks another seed;
// TORTURE_NO_REPAIR=1 recovers through the executor alone (no pass over replies owed by older keels).
import { auditCampaign } from '../crash/crash-audit.js';
import { runCampaign } from '../crash/crash-run.js';

const workflows = Number(process.argv[2] ?? process.env.TORTURE_WORKFLOWS ?? 1000);
const seed = Number(process.env.TORTURE_SEED ?? 7);
if (!Number.isInteger(workflows) || workflows < 1) {
  console.error(
    `torture: the size must be a positive whole number of workflows, got "${process.argv[2] ?? process.env.TORTURE_WORKFLOWS}"`,
  );
  process.exit(2);
}

const started = performance.now();
const run = await runCampaign({
  workflows,
  faultRate: 0.3,
  seed,
  // About five workflows between kills (a workflow meets ~4.5 write calls, ~4 effects, ~8
  // checkpoints and 1 reply), so restarts stay few; small numbers land inside recovery itself.
  span: { 'before-call': 54, 'after-effect': 48, 'after-checkpoint': 96, 'before-reply': 12, any: 216 },
  repair: process.env.TORTURE_NO_REPAIR !== '1',
});
const audit = await auditCampaign(run);
const kills = Object.values(run.kills).reduce((a, b) => a + b, 0);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
const ok =
  audit.workflows >= workflows &&
  audit.duplicatedEffects === 0 &&
  audit.lostSteps === 0 &&
  audit.lostReplies === 0 &&
  audit.unsettled === 0 &&
  audit.inconsistent.length === 0;
console.log(
  `torture: ${audit.workflows} workflows, ${kills} kills, ${audit.duplicatedEffects} duplicated effects, ` +
    `${audit.lostSteps} lost steps, ${audit.lostReplies} lost replies, ${audit.unsettled} unsettled, ` +
    `${audit.inconsistent.length} inconsistent orders`,
);
const byKind = Object.entries(run.kills)
  .map(([kind, n]) => `${kind} ${n}`)
  .join(', ');
console.log(
  `  kills by point: ${byKind}; ${audit.recovered} workflows resumed mid-way; ` +
    `${run.repliedLate} replies posted late by recovery; ${run.acks.size} acknowledged steps; ${seconds} s; db ${run.db}`,
);
for (const line of audit.inconsistent.slice(0, 20)) console.log(`  inconsistent: ${line}`);
process.exit(ok ? 0 : 1);
