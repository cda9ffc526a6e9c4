import { describe, expect, it } from 'vitest';
import { openKeel } from '../../src/agent/keel-app.js';
import { buildPlanSchema } from '../../src/planner/plan-schema.js';
import { promptPrefix } from '../../src/planner/prompt.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { type Catalogue, createLibraryDomain } from '../helpers/library-domain.js';

function library(model?: ScriptedModel) {
  const catalogue: Catalogue = {
    loans: new Map([
      ['LOAN-1', { id: 'LOAN-1', patronId: 'P-1', title: 'Dune', dueOn: '2026-12-01' }],
      ['LOAN-2', { id: 'LOAN-2', patronId: 'P-2', title: 'Emma', dueOn: '2026-12-03' }],
    ]),
    renewals: [],
  };
  const time = new VirtualTime('2026-11-24T12:00:00.000Z');
  const app = openKeel({
    dbPath: ':memory:',
    domain: createLibraryDomain(catalogue),
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    ...(model ? { fetch: model.fetch, llm: { apiKey: 'test', baseURL: null } } : {}),
  });
  return { app, catalogue };
}

describe('a second domain on the same engine', () => {
  it('confirms a renewal in its own words, runs it once on yes, and replies from its template', async () => {
    const { app, catalogue } = library();
    const conversation = await app.startConversation('P-1');
    const asked = await app.post(conversation.id, 'P-1', 'please renew LOAN-1');
    expect(asked.reply).toBe(
      'I can do that: renewing "Dune" (due 2026-12-01) for three weeks. Shall I go ahead?',
    );
    expect(catalogue.renewals).toEqual([]);
    const done = await app.post(conversation.id, 'P-1', 'yes');
    expect(done.workflow?.workflow.status).toBe('completed');
    expect(done.reply).toBe('"Dune" is now due 2026-12-22.');
    expect(catalogue.renewals).toHaveLength(1);
    await app.close();
  });

  it("never plans for another patron's loan, and hands over through its own hand-over tool", async () => {
    const { app, catalogue } = library();
    const conversation = await app.startConversation('P-1');
    const foreign = await app.post(conversation.id, 'P-1', 'renew LOAN-2');
    expect(foreign.reply).toBe('LOAN-2 is not on your card.');
    const handover = await app.post(conversation.id, 'P-1', 'can I talk to a librarian?');
    expect(handover.status).toBe('waiting_for_human');
    expect(handover.reply).toBe("I've asked a colleague to take over; they'll reply here.");
    expect(catalogue.renewals).toEqual([]);
    await app.close();
  });

  it("builds the model's schema and prompt from the domain's intents, policy, examples and tools", () => {
    const domain = createLibraryDomain({ loans: new Map(), renewals: [] });
    const schema = buildPlanSchema(domain.registry, domain.intents, domain.questions);
    const plan = {
      intent: 'renew',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_loan', slots: { loanId: null } },
    };
    expect(schema.safeParse(plan).success).toBe(true);
    // A question is a kind and slots: a model's own words are no longer a question.
    expect(schema.safeParse({ ...plan, ask: 'Which loan?' }).success).toBe(false);
    expect(schema.safeParse({ ...plan, intent: 'return' }).success).toBe(false);
    const prefix = promptPrefix(domain.registry, domain);
    expect(prefix.startsWith('You plan for a library desk.')).toBe(true);
    expect(prefix).toContain('- renew_loan (write): Renews the loan');
    expect(prefix).toContain('Customer: renew LOAN-1 please\nPlan: {"ask":null,"intent":"renew"');
    expect(prefix).not.toMatch(/order|refund|shop/i);
  });

  it("shows the model the patron's own loans, and hands its ownership issues back for a repair", async () => {
    const renew2 = {
      intent: 'renew',
      confidence: 0.95,
      ask: null,
      steps: [
        { id: 'lookup', tool: 'lookup_loan', args: { loanId: 'LOAN-2' } },
        { id: 'renew', tool: 'renew_loan', args: {} },
      ],
    };
    const ask = {
      intent: 'clarify',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_loan', slots: { loanId: null } },
    };
    const model = new ScriptedModel([renew2, ask]);
    const { app, catalogue } = library(model);
    const conversation = await app.startConversation('P-1');
    const outcome = await app.post(conversation.id, 'P-1', 'renew LOAN-2');
    expect(outcome.reply).toBe('Which loan should I renew?');
    const [first, second] = model.calls as { messages: { role: string; content: string }[] }[];
    expect(first?.messages.at(-1)?.content).toBe(
      'Signed-in customer: P-1.\nTheir loans:\n- LOAN-1: Dune, due 2026-12-01',
    );
    expect(second?.messages.at(-1)?.content).toContain(
      "LOAN_NOT_OWNED [lookup] at steps.0.args.loanId: loan LOAN-2 is not this patron's",
    );
    expect(catalogue.renewals).toEqual([]);
    model.assertComplete();
    await app.close();
  });
});
