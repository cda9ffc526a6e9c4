// Runs conversations with the library domain through keel's facade, as a user of the installed
// package would: `createAgent` with the `ScriptedPlanner` of `keel/testing` and a SQLite file.
// Prints one `ok` or `FAIL` line per check (counted by .ci/run) and exits 1 when one failed.
import assert from 'node:assert/strict';
import { createAgent, OfflinePlanner, PlanInvalidError, SqliteStore } from 'keel';
import { ScriptedPlanner } from 'keel/testing';
import { createCatalogue, createLibraryDomain, renewPlan } from './library-domain.js';

const dbPath = process.argv[2] ?? 'library.db';
const catalogue = createCatalogue(
  [
    { id: 'LOAN-1', patronId: 'P-1', title: 'Dune', dueOn: '2026-12-01' },
    { id: 'LOAN-2', patronId: 'P-2', title: 'Emma', dueOn: '2026-12-03' },
    { id: 'LOAN-3', patronId: 'P-3', title: 'Kim', dueOn: '2026-12-05' },
  ],
  { 'P-1': 'p1@example.org', 'P-2': 'p2@example.org' }, // P-3 has no email: the notice fails
);
// What a model would answer to each message, in order; confirmations do not ask the planner again.
const planner = new ScriptedPlanner([renewPlan('LOAN-1'), renewPlan('LOAN-2'), renewPlan('LOAN-3')]);
const agent = createAgent({
  domain: createLibraryDomain(catalogue),
  store: SqliteStore.open(dbPath),
  planner,
});

let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).replaceAll('\n', '\n     ')}`);
  }
}

const p1 = await agent.startConversation('P-1');

await check(
  'a patron asking to renew is asked to confirm in the domain’s words, and nothing runs yet',
  async () => {
    const asked = await agent.post(p1.id, 'P-1', 'Could you renew LOAN-1 for me?');
    assert.equal(
      asked.reply,
      'I can do that: renewing "Dune" (due 2026-12-01) for three weeks. Shall I go ahead?',
    );
    assert.equal(asked.status, 'awaiting_confirmation');
    assert.equal(catalogue.renewals.size, 0);
    assert.deepEqual(
      planner.calls[0].facts.loans.map((loan) => loan.id),
      ['LOAN-1'],
      'the planner sees the patron’s own loans only',
    );
  },
);

await check(
  'on yes the loan is renewed exactly once and the reply comes from the domain’s template',
  async () => {
    const done = await agent.post(p1.id, 'P-1', 'yes');
    assert.equal(done.workflow?.workflow.status, 'completed');
    assert.equal(done.reply, '"Dune" is now due 2026-12-22.');
    assert.equal(catalogue.renewals.size, 1);
    assert.equal(catalogue.loans.get('LOAN-1').dueOn, '2026-12-22');
    assert.deepEqual(
      catalogue.notices.map((n) => n.dueOn),
      ['2026-12-22'],
    );
    assert.equal(planner.calls.length, 1, 'the yes runs the confirmed plan without planning again');
  },
);

await check(
  'another patron’s loan is refused by ownership (LOAN_NOT_OWNED) and goes to a person',
  async () => {
    const foreign = await agent.post(p1.id, 'P-1', 'renew LOAN-2 as well');
    assert.equal(foreign.status, 'waiting_for_human');
    assert.equal(foreign.workflow?.escalation?.reasonKind, 'model_failure');
    // The domain's hand-over carries the validation issue to the librarian.
    const [handover] = foreign.workflow?.workflow.plan.steps ?? [];
    assert.equal(handover?.tool, 'ask_librarian');
    assert.match(handover?.args.summary, /LOAN_NOT_OWNED: loan LOAN-2 is not this patron's/);
    await assert.rejects(agent.execute(renewPlan('LOAN-2'), 'P-1'), (error) => {
      assert.ok(error instanceof PlanInvalidError);
      assert.deepEqual(
        error.issues.map((i) => [i.code, i.path.join('.')]),
        [['LOAN_NOT_OWNED', 'steps.0.args.loanId']],
      );
      return true;
    });
    assert.equal(catalogue.loans.get('LOAN-2').dueOn, '2026-12-03');
    assert.equal(catalogue.renewals.size, 1);
  },
);

await check(
  'a failure after the renewal is compensated: the due date is restored and the patron told',
  async () => {
    const p3 = await agent.startConversation('P-3');
    await agent.post(p3.id, 'P-3', 'please renew LOAN-3');
    const outcome = await agent.post(p3.id, 'P-3', 'yes please');
    assert.equal(outcome.workflow?.workflow.status, 'compensated');
    assert.equal(outcome.reply, 'Something went wrong, so nothing was changed on your card.');
    assert.equal(catalogue.renewals.size, 2, 'renewed once, then undone');
    assert.equal(catalogue.loans.get('LOAN-3').dueOn, '2026-12-05');
    planner.assertComplete();
  },
);

agent.stop();
await agent.store.close();

await check(
  'the SQLite file keeps the workflows and the conversation after the store is reopened',
  async () => {
    const store = SqliteStore.open(dbPath);
    try {
      const statuses = (await store.listWorkflows()).map((w) => w.status).sort();
      assert.deepEqual(statuses, ['compensated', 'completed', 'waiting_for_human']);
      const { messages } = await reopened(store).viewConversation(p1.id, 'P-1');
      assert.equal(messages.length, 6);
      assert.equal(messages[3].text, '"Dune" is now due 2026-12-22.');
    } finally {
      await store.close();
    }
  },
);

await check(
  'the offline planner runs the domain’s rules, and a confirmation asked survives a restart',
  async () => {
    let store = SqliteStore.open(dbPath);
    const p2 = await reopened(store).startConversation('P-2');
    const asked = await reopened(store).post(p2.id, 'P-2', 'please renew loan-2');
    assert.equal(
      asked.reply,
      'I can do that: renewing "Emma" (due 2026-12-03) for three weeks. Shall I go ahead?',
    );
    await store.close();
    store = SqliteStore.open(dbPath);
    try {
      const done = await reopened(store).post(p2.id, 'P-2', 'yes');
      assert.equal(done.reply, '"Emma" is now due 2026-12-24.');
      assert.equal(catalogue.renewals.size, 3);
    } finally {
      await store.close();
    }
  },
);

/** An agent as a restarted process opens it, over the same file, planning with the domain's rules. */
function reopened(store) {
  const domain = createLibraryDomain(catalogue);
  return createAgent({ domain, store, planner: new OfflinePlanner(domain.offline) });
}

process.exitCode = failed === 0 ? 0 : 1;
