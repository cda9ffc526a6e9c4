// `npm run eval`: the offline planner against the labelled message set.
import { evaluateOfflinePlanner, type LabelledSet } from './offline-eval.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
let failed = false;
for (const set of ['messages', 'holdout'] as LabelledSet[]) {
  failed = (await report(set)) || failed;
}
process.exitCode = failed ? 1 : 0;

async function report(set: LabelledSet): Promise<boolean> {
  const report = await evaluateOfflinePlanner(set);
  console.log(
    `\noffline planner on ${report.total} labelled messages (${set === 'holdout' ? 'second set, labelled after the rules were written' : 'development set'})`,
  );
  console.log(`  accuracy        ${pct(report.accuracy)} (${report.correct}/${report.total})`);
  console.log(`  ask rate        ${pct(report.askRate)}`);
  console.log(`  escalation rate ${pct(report.escalationRate)}`);
  console.log(`  wrong writes    ${report.wrongWrites.length}`);
  console.log(`  invalid plans   ${report.invalid.length}`);
  if (report.mismatches.length > 0) {
    console.log('\nmismatches (expected → got):');
    for (const m of report.mismatches) {
      const e = m.expected;
      const g = m.got;
      console.log(
        `  ${m.id.padEnd(11)} ${e.action}/${e.intent}${e.orderId ? `/${e.orderId}` : ''} → ${g.action}/${g.intent}${g.orderId ? `/${g.orderId}` : ''}${m.wrongWrite ? '  WRONG WRITE' : ''}  "${m.text}"`,
      );
    }
  }
  return report.wrongWrites.length > 0 || report.invalid.length > 0;
}
