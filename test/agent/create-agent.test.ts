import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/create-agent.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ScriptedPlanner, sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { type Catalogue, createLibraryDomain } from '../helpers/library-domain.js';

const renewal = {
  intent: 'renew',
  confidence: 0.95,
  steps: [
    { id: 'lookup', tool: 'lookup_loan', args: { loanId: 'LOAN-1' } },
    { id: 'renew', tool: 'renew_loan', args: {} },
  ],
};

function libraryAgent(planner: ScriptedPlanner) {
  const catalogue: Catalogue = {
    loans: new Map([['LOAN-1', { id: 'LOAN-1', patronId: 'P-1', title: 'Dune', dueOn: '2026-12-01' }]]),
    renewals: [],
  };
  const time = new VirtualTime('2026-11-24T12:00:00.000Z');
  const agent = createAgent({
    domain: createLibraryDomain(catalogue),
    store: SqliteStore.open(':memory:'),
    planner,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
  });
  return { agent, catalogue };
}

describe('createAgent', () => {
  it('runs a conversation with a planner instance and any store, reading no environment', async () => {
    const planner = new ScriptedPlanner([renewal]);
    const { agent, catalogue } = libraryAgent(planner);
    const { id } = await agent.startConversation('P-1');
    const asked = await agent.post(id, 'P-1', 'please renew my loan');
    expect(asked.reply).toBe(
      'I can do that: renewing "Dune" (due 2026-12-01) for three weeks. Shall I go ahead?',
    );
    const done = await agent.post(id, 'P-1', 'yes');
    expect(done.reply).toBe('"Dune" is now due 2026-12-22.');
    expect(catalogue.renewals).toHaveLength(1);
    planner.assertComplete();
    // The planner saw the patron's own facts, fetched once for the turn.
    expect(planner.calls[0]?.facts).toMatchObject({ loans: [{ id: 'LOAN-1' }] });
    const [workflow] = await agent.workflows({ customerId: 'P-1' });
    expect(workflow?.status).toBe('completed');
    expect((await agent.journal(workflow?.id ?? '')).at(-1)?.type).toBe('workflow.completed');
    const view = await agent.viewConversation(id, 'P-1');
    expect(view.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer', 'agent']);
    expect(view.messages.at(-1)).toMatchObject({ workflowId: workflow?.id, text: done.reply });
    await agent.store.close();
  });

  it('plans only, saying what the gate would do, and runs nothing', async () => {
    const planner = new ScriptedPlanner([{ ...renewal, confidence: 0.4 }]);
    const { agent, catalogue } = libraryAgent(planner);
    const planned = await agent.plan('P-1', 'renew it');
    expect(planned).toMatchObject({ threshold: 0.8, wouldWait: true, plan: { intent: 'renew' } });
    expect(await agent.workflows()).toEqual([]);
    expect(catalogue.renewals).toEqual([]);
  });
});

describe('createAgent over a slow store', () => {
  it('handles a conversation’s messages in the order they arrived, whichever read the store answers first', async () => {
    const planner = new ScriptedPlanner([
      {
        intent: 'clarify',
        confidence: 0.9,
        steps: [],
        ask: { kind: 'clarify_intent', slots: {}, text: 'Which loan?' },
      },
      {
        intent: 'clarify',
        confidence: 0.9,
        steps: [],
        ask: { kind: 'clarify_intent', slots: {}, text: 'Which one, again?' },
      },
    ]);
    const real = SqliteStore.open(':memory:');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reads = 0;
    // The first message's first read of the conversation is held until the second message is in.
    const slow = new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        // SqliteStore keeps private fields, which only the real object can read.
        if (property !== 'getConversation') return value.bind(target);
        return async (id: string) => {
          if (++reads === 1) await gate;
          return target.getConversation(id);
        };
      },
    });
    const catalogue: Catalogue = { loans: new Map(), renewals: [] };
    const agent = createAgent({ domain: createLibraryDomain(catalogue), store: slow, planner });
    const { id } = await agent.startConversation('P-1');
    const first = agent.post(id, 'P-1', 'first');
    const second = agent.post(id, 'P-1', 'second');
    release();
    await Promise.all([first, second]);
    const { messages } = await agent.viewConversation(id, 'P-1');
    expect(messages.map((m) => m.text)).toEqual(['first', 'Which loan?', 'second', 'Which one, again?']);
  });
});
