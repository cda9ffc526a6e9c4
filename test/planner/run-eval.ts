// `npm run eval`: the offline planner against the labelled message sets, the plan and message
// agreement check on the same messages (false disagreements, hostile cancel swaps missed), and the
// offline consent reading against the labelled answers. Exits 1 on a wrong write, an invalid plan,
// a missed swap or a false yes, so it can gate CI; accuracy is reported, not enforced here.
import { type AgreementReport, evaluateAgreement } from './agreement-eval.js';
import { type ConsentReport, type ConsentSet, evaluateConsent } from './consent-eval.js';
import { type EvalReport, evaluateOfflinePlanner, type LabelledSet, type Outcome } from './offline-eval.js';
import { evaluateRequests, type RequestsReport, type RequestsSet } from './requests-eval.js';

const TITLES: Record<LabelledSet, string> = {
  messages: 'development set, test/planner/offline-messages.json',
  holdout: 'older second set, test/planner/offline-holdout.json',
  desk: 'retail desk development set, test/planner/offline-desk.json',
  'desk-blind': 'retail desk blind batch, test/planner/offline-desk-blind.json',
  'desk-blind2': 'retail desk second blind batch, test/planner/offline-desk-blind2.json',
};

const REQUEST_TITLES: Record<RequestsSet, string> = {
  requests: 'development set, test/planner/offline-requests.json',
  'requests-blind': 'blind batch, test/planner/offline-requests-blind.json',
  'requests-blind2': 'second blind batch, test/planner/offline-requests-blind2.json',
};

const CONSENT_TITLES: Record<ConsentSet, string> = {
  answers: 'development set, test/planner/consent-answers.json',
  holdout: 'blind batch, test/planner/consent-holdout.json',
  adversarial: 'written to break the rules, test/planner/consent-adversarial.json',
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const label = (o: {
  action: string;
  intent: string;
  orderId?: string;
  skus?: string[] | null;
  refundTo?: string | null;
}) =>
  `${o.action}/${o.intent}${o.orderId ? `/${o.orderId}` : ''}${o.skus !== undefined ? `[${o.skus?.join(',') ?? 'all'}]` : ''}${o.refundTo !== undefined ? `→${o.refundTo ?? 'original'}` : ''}`;

let failed = false;
for (const set of ['messages', 'holdout', 'desk', 'desk-blind', 'desk-blind2'] as const) {
  const report = await evaluateOfflinePlanner(set);
  print(set, report);
  failed ||= report.wrongWrites.length > 0 || report.invalid.length > 0;
}
for (const set of ['requests', 'requests-blind', 'requests-blind2'] as const) {
  const report = await evaluateRequests(set);
  printRequests(set, report);
  failed ||= report.wrongWrites.length > 0 || report.invalid.length > 0;
}
for (const set of ['messages', 'holdout'] as const) {
  const report = await evaluateAgreement(set);
  printAgreement(set, report);
  failed ||= report.missedSwaps.length > 0;
}
for (const set of ['answers', 'holdout', 'adversarial'] as const) {
  const report = evaluateConsent(set);
  printConsent(set, report);
  failed ||= report.falseYeses.length > 0;
}
process.exitCode = failed ? 1 : 0;

function print(set: LabelledSet, report: EvalReport): void {
  console.log(`\noffline planner on ${report.total} labelled messages (${TITLES[set]})`);
  console.log(`  accuracy         ${pct(report.accuracy)} (${report.correct}/${report.total})`);
  console.log(`  ask rate         ${pct(report.askRate)} (${report.asks})`);
  console.log(`  escalation rate  ${pct(report.escalationRate)} (${report.escalations})`);
  console.log(`  wrong writes     ${report.wrongWrites.length}`);
  console.log(`  invalid plans    ${report.invalid.length}`);
  if (report.mismatches.length === 0) return;
  console.log('  mismatches (expected → got):');
  for (const m of report.mismatches) console.log(`    ${line(m)}`);
  for (const m of report.invalid) console.log(`    INVALID ${m.id}: ${m.invalid}`);
}

function line(m: Outcome): string {
  const flag = m.wrongWrite ? '  WRONG WRITE' : '';
  return `${m.id.padEnd(11)} ${label(m.expected)} → ${label(m.got)}${flag}  "${m.text}"`;
}

function printAgreement(set: LabelledSet, r: AgreementReport): void {
  console.log(`\nplan and message agreement (${TITLES[set]})`);
  const rate = (n: number, of: number) => `${pct(of ? n / of : 0)} (${n}/${of})`;
  console.log(
    `  false disagreements  ${rate(r.falseDisagreements.length, r.writes)} of messages labelled with a write plan`,
  );
  console.log(
    `  held, labelled ask   ${rate(r.askDisagreements.length, r.askWrites)} of write requests labelled as a question`,
  );
  console.log(
    `  cancel swaps missed  ${rate(r.missedSwaps.length, r.swaps)} of read-only requests answered with a cancel`,
  );
  for (const m of [...r.falseDisagreements, ...r.askDisagreements, ...r.missedSwaps])
    console.log(
      `    ${m.id.padEnd(11)} labelled ${m.labelled}, read as ${m.read}  ${JSON.stringify(m.text.slice(0, 70))}`,
    );
}

function printConsent(set: ConsentSet, report: ConsentReport): void {
  console.log(`\nconsent reading on ${report.total} labelled answers (${CONSENT_TITLES[set]})`);
  console.log(`  accuracy         ${pct(report.correct / report.total)} (${report.correct}/${report.total})`);
  for (const [label, { total, correct }] of Object.entries(report.perLabel)) {
    console.log(
      `    ${label.padEnd(14)} ${pct(total ? correct / total : 1).padStart(6)} (${correct}/${total})`,
    );
  }
  console.log(`  false yeses      ${report.falseYeses.length}`);
  if (report.misses.length === 0) return;
  console.log('  misses (label → read as):');
  for (const m of report.misses) {
    const flag = m.got === 'yes' ? '  FALSE YES' : '';
    console.log(`    ${m.label} → ${m.got}${flag}  ${JSON.stringify(m.text.slice(0, 80))} (${m.reason})`);
  }
}

function printRequests(set: RequestsSet, report: RequestsReport): void {
  console.log(
    `\nseveral requests in one message: ${report.total} labelled messages (${REQUEST_TITLES[set]})`,
  );
  console.log(
    `  split right      ${pct(report.splitRight / report.total)} (${report.splitRight}/${report.total})`,
  );
  console.log(`  all planned right ${pct(report.accuracy)} (${report.correct}/${report.total})`);
  console.log(
    `  requests right   ${pct(report.requestsCorrect / report.requests)} (${report.requestsCorrect}/${report.requests})`,
  );
  console.log(`  wrong writes     ${report.wrongWrites.length}`);
  console.log(`  invalid plans    ${report.invalid.length}`);
  for (const m of report.mismatches) {
    console.log(`    ${m.id.padEnd(8)} "${m.text}" → ${m.parts.length} request(s)`);
    for (const o of m.outcomes.filter((x) => !x.correct)) console.log(`      ${line(o)}`);
  }
}
